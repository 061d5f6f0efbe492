// The Users view: one trained run on several users side by side, the view that shows whether a
// method personalizes: different users should get different answers, each close to its own truth.
// The users are the one selected in the Data view and those after it in the Data view's order (or
// a list given by the caller). The run predicts them in one batched pass on a worker thread; the
// table gives each user's answer with its genres marked against that user's truth (✓ / ✗), the
// truth and the F1, and the summary says how many different answers there are. Leaves out several
// runs on one user (the Compare view).
#pragma once

#include "ui/workers/loaded_dataset.h"
#include "ui/workers/trained_run_worker.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace persona::ui {

class UsersView : public QWidget {
    Q_OBJECT
public:
    enum Column { UserColumn, AnswerColumn, LikedColumn, NotLikedColumn, TruthColumn, F1Column, ColumnCount };

    explicit UsersView(QWidget* parent = nullptr);

    // The experiment store whose finished runs (PERSOMA, MiLP, text prompting) fill the chooser.
    void setStorePath(const QString& path);
    void refreshRuns();
    // Where the users come from when Run is pressed: `count` users starting at the selected one.
    void setUserProvider(std::function<QStringList(int count)> provider) { m_provider = std::move(provider); }
    // The dataset loaded in the Data view: a run trained on another one is said to answer for that
    // dataset's users of the same keys.
    void setLoadedDatasetProvider(std::function<QString()> provider) { m_loadedDataset = std::move(provider); }
    // "On the loaded data" (issue 33, defect 1): the run reads `dataset()` of this provider (the
    // loaded dataset) instead of the one it was trained on; the box mirrors WorkbenchState.
    void setLoadedDataProvider(std::function<DatasetPtr()> provider) { m_loadedData = std::move(provider); }
    void setRunsOnLoadedData(bool on); // ticks the box (runsOnLoadedDataChanged when it changes)
    bool runsOnLoadedData() const;
    // Predicts for exactly these users with the chosen run.
    void run(const QStringList& users);
    void run(); // the provider's users

    QComboBox* runChooser() const { return m_run; }
    QTableWidget* table() const { return m_table; }
    QString summaryText() const;
    bool isBusy() const { return m_service->isBusy(); }

signals:
    void finished(bool ok);
    void runsOnLoadedDataChanged(bool on);
    void errorOccurred(const QString& title, const QString& message);

private:
    void show(const UserPredictions& predictions);

    TrainedRunService* m_service = nullptr;
    QString m_storePath;
    std::function<QStringList(int)> m_provider;
    std::function<QString()> m_loadedDataset;
    std::function<DatasetPtr()> m_loadedData;
    QCheckBox* m_onLoaded = nullptr;
    QComboBox* m_run = nullptr;
    QSpinBox* m_count = nullptr;
    QPushButton* m_go = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace persona::ui
