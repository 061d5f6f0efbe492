// The Runs view: the experiment store's runs with their config and final metrics; overlay the
// curves of the selected runs for one metric, pin a baseline, export the plot (PNG / PDF) and the
// data (CSV), delete runs. A locked, newer or unreadable store reports through errorOccurred and
// leaves the view empty; nothing here throws.
#pragma once

#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace persona::store { class Store; }

namespace persona::ui {

class CurvePlot;
class RunsModel;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    ~RunsView() override;

    // Opens the store at path (created when missing) and lists its runs. False on failure (after
    // errorOccurred); the previous store is closed either way.
    bool openStore(const QString& path);
    QString storePath() const { return m_path; }
    bool refresh();

    // Selects the runs with these ids (the others are deselected) and plots them.
    void selectRuns(const QList<qint64>& runIds);
    QList<qint64> selectedRuns() const;
    void setMetric(const QString& name);
    QString metric() const;

    bool exportPlot(const QString& path); // .png or .pdf by suffix
    bool exportCsv(const QString& path);  // metric points of the selected runs

    RunsModel* model() const { return m_model; }
    CurvePlot* plot() const { return m_plot; }

signals:
    void errorOccurred(const QString& title, const QString& message);

private:
    void onSelectionChanged();
    void updateMetricChoices();
    void updatePlot();
    void updateDetails();
    void deleteSelected();
    void chooseExportPlot();
    void chooseExportCsv();
    void reportStoreError(const QString& what, const std::exception& e);

    std::unique_ptr<store::Store> m_store;
    QString m_path;
    std::optional<qint64> m_baseline;
    RunsModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_pathLabel = nullptr;
    QComboBox* m_metric = nullptr;
    QPlainTextEdit* m_details = nullptr;
    CurvePlot* m_plot = nullptr;
};

} // namespace persona::ui
