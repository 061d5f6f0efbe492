// The Inspect view: for a trained PERSOMA run (from the store or a folder) and the user selected in
// the Data view, each soft-prompt token with its norm, whether it is near a real word and its top-k
// vocabulary neighbours (table and a tokens x rank cosine heatmap), a checkpoint selector to see
// how the neighbours change over training, the Perceiver's latent x history-item attention, and
// CSV export of the neighbour list. Loading and computing run on a worker thread.
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace persona::ui {

class HeatmapPlot;
class TrainedRunService;
struct InspectResult;

// The top-k neighbours of one soft-prompt token, best first.
struct TokenNeighbours {
    int token = 0;
    QStringList words;
    QVector<double> cosines;
    QString role;          // "user" (P_u) or "task" (T); empty when unknown
    double norm = 0.0;
    bool nearWord = false;
};

class InspectView : public QWidget {
    Q_OBJECT
public:
    explicit InspectView(QWidget* parent = nullptr);
    ~InspectView() override;

    // Lists the store's finished PERSOMA runs that have a run folder (keeps folders opened by hand).
    void setStorePath(const QString& path);
    QString storePath() const { return m_storePath; }
    void refreshRuns();
    // The dataset loaded in the Data view: a run trained on another one is said to show its own
    // dataset's user of the same key.
    void setLoadedDatasetProvider(std::function<QString()> provider) { m_loadedDataset = std::move(provider); }
    // "On the loaded data" (issue 33, defect 1): the run reads `dataset()` of this provider (the
    // loaded dataset) instead of the one it was trained on; the box mirrors WorkbenchState.
    void setLoadedDataProvider(std::function<DatasetPtr()> provider) { m_loadedData = std::move(provider); }
    void setRunsOnLoadedData(bool on); // ticks the box (runsOnLoadedDataChanged when it changes)
    bool runsOnLoadedData() const;

    // Adds a run folder chosen by hand and selects it. False (and errorOccurred) when it is not a
    // PERSOMA run folder.
    bool addRunFolder(const QString& dir);
    // The user selected in the Data view ("" for none).
    void setUser(const QString& key);
    QComboBox* runChooser() const { return m_run; }
    QComboBox* checkpointChooser() const { return m_checkpoint; }

    // Checkpoint labels ("step 100", ...); choosing one emits checkpointChosen(index).
    void setCheckpoints(const QStringList& labels);
    // `user`, `run` and `checkpoint` say whose soft prompt the rows are (written into exports).
    void setNeighbours(const QString& title, const QVector<TokenNeighbours>& neighbours, const QString& user = {},
                       const QString& run = {}, const QString& checkpoint = {});
    // items: history titles (x), weights [latents][items]; empty hides the attention plot.
    void setAttention(const QStringList& items, const QVector<QVector<double>>& weights);
    void clear(const QString& reason);
    // Writes token,rank,neighbour,cosine with RFC 4180 quoting. False (and errorOccurred) on failure.
    bool exportCsv(const QString& path);

    QString titleText() const;
    QTableWidget* table() const { return m_table; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    HeatmapPlot* attentionPlot() const { return m_attention; }

signals:
    void runsOnLoadedDataChanged(bool on);
    void checkpointChosen(int index);
    void errorOccurred(const QString& title, const QString& message);
    void inspectionFinished(bool ok); // after a worker answer was shown (or failed)
    void exported(const QString& message); // an export was written (for the status bar)

protected:
    void showEvent(QShowEvent* event) override;

private:
    std::function<QString()> m_loadedDataset;
    std::function<DatasetPtr()> m_loadedData;
    QCheckBox* m_onLoaded = nullptr;
    void requestInspection();
    void onInspected(const InspectResult& result);
    void chooseRunFolder();

    TrainedRunService* m_service = nullptr;
    QString m_storePath;
    QString m_user;
    bool m_deferred = false;   // an inspection asked for while hidden: run when shown
    QString m_shownUser;       // whose neighbours the table shows (exports name them)
    QString m_shownRun;
    QString m_shownCheckpoint;
    QVector<int> m_checkpointSteps; // per checkpoint entry; -1 = final
    QLabel* m_title = nullptr;
    QComboBox* m_run = nullptr;
    QSpinBox* m_k = nullptr;
    QComboBox* m_checkpoint = nullptr;
    QTableWidget* m_table = nullptr;
    HeatmapPlot* m_heatmap = nullptr;
    HeatmapPlot* m_attention = nullptr;
    QVector<TokenNeighbours> m_neighbours;
};

} // namespace persona::ui
