// The Runs view: the experiment store's runs as a table (RunsModel: a column per differing config
// setting and per final metric; sortable, filtered by ColumnFilterProxy's words, grouped by seeds or
// a setting, columns shown or hidden from the header's menu; two selected runs' configs shown as
// a diff in the details) with their config and final metrics; overlay the
// curves of the selected runs for one metric, pin a baseline, export the plot (PNG / PDF) and the
// data (CSV), delete runs. Selected runs that differ only by seed are drawn as one mean curve with
// a shaded spread (± 1 sample sd or min-max), and their final metrics as mean ± sd. A locked, newer or unreadable store reports through errorOccurred and
// leaves the view empty; nothing here throws.
#pragma once

#include "core/api/stored_slices.h"
#include "ui/charts/seed_statistics.h"

#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTabWidget;
class QTreeView;

namespace persona::store { class Store; }

namespace persona::ui {

class CurvePlot;
class ColumnFilterProxy;
class PredictionsModel;
class RunsModel;
class SliceChart;
class TrainedRunService;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    ~RunsView() override;

    // Opens the store at path (created when missing) and lists its runs. False on failure (after
    // errorOccurred); the previous store is closed either way.
    bool openStore(const QString& path);
    // What the view's own Open Store… does with the chosen file: opens it here and, when that
    // worked, announces it (storeChosen) so the whole window (Training, Compare, Inspect) uses it.
    bool openStoreForWindow(const QString& path);
    QString storePath() const { return m_path; }
    bool refresh();

    // Selects the runs with these ids (the others are deselected) and plots them.
    void selectRuns(const QList<qint64>& runIds);
    QList<qint64> selectedRuns() const;
    void setMetric(const QString& name);
    QString metric() const;

    // Seed groups (on by default): runs with the same method and config apart from the seed.
    void setSeedGrouping(bool on);
    void setSpread(Spread spread);
    // The mean graph of each seed group of two or more runs in the plot, in drawing order.
    QList<QCPGraph*> seedMeanGraphs() const { return m_meanGraphs; }
    QList<QList<qint64>> seedGroups(const QList<qint64>& runIds) const;
    QString detailsText() const;

    bool exportPlot(const QString& path); // .png or .pdf by suffix
    bool exportCsv(const QString& path);  // metric points of the selected runs

    // The table's filter words (ColumnFilterProxy) and grouping (RunsModel::setGrouping's keys).
    void setFilterText(const QString& text);
    void setGrouping(const QString& key);
    // The run ids in the order the table shows them (sorted, filtered; a group's runs under it).
    QList<qint64> visibleRuns() const;
    void sortByColumn(int column, Qt::SortOrder order);

    // The predictions browser (the "Predictions" tab): the test predictions of the one selected run,
    // sortable and filtered like the runs table; notes and tags typed there are kept in the store.
    PredictionsModel* predictionsModel() const { return m_predictions; }
    ColumnFilterProxy* predictionsProxy() const { return m_predictionsProxy; }
    QTableView* predictionsTable() const { return m_predictionsTable; }
    // The input the run gives the decoder for the current prediction's user, recomputed from the
    // run folder (no generation): the shown items and the decoder's input as text.
    QPlainTextEdit* predictionInput() const { return m_predictionInput; }

    // The Slices tab (issue 35): the selected runs' stored test predictions by one user attribute
    // of their datasets, F1, crossUserF1 or distinct answers per value as grouped bars
    // (api::storedSlices, computed off the GUI thread while the tab is shown: slicesShown).
    void showSlices(); // brings the Slices tab to the front
    void setSliceAttribute(const QString& attribute);
    void setSliceMetric(int metric); // SliceChart::Metric
    SliceChart* sliceChart() const { return m_sliceChart; }
    QString slicesStatus() const;
    bool exportSlicesCsv(const QString& path);
    bool exportSlicesImage(const QString& path); // .png or .pdf by suffix
    void setPredictionsFilter(const QString& text);
    void showPredictions(); // brings the Predictions tab to the front
    QString predictionsSummary() const;

    RunsModel* model() const { return m_model; }
    ColumnFilterProxy* proxy() const { return m_proxy; }
    QTreeView* table() const { return m_table; }
    CurvePlot* plot() const { return m_plot; }

signals:
    void errorOccurred(const QString& title, const QString& message);
    void storeChosen(const QString& path);
    // A sentence for the status bar: an export written (naming the file), a note kept.
    void exported(const QString& message);
    void slicesShown(); // the Slices tab drew the latest request's slices (or said why none)

private:
    void onSelectionChanged();
    void updateMetricChoices();
    void updatePlot();
    void updateDetails();
    void addSeedGroupCurve(const QList<qint64>& group, const std::string& metric);
    // The run's wall-time curve (seconds of training at each step); empty for a run without one.
    Curve wallTime(qint64 runId) const;
    void deleteSelected();
    void chooseExportPlot();
    void chooseExportCsv();
    void reportStoreError(const QString& what, const std::exception& e);
    // Writes an export; on failure errorOccurred(title, the file and why) and false.
    bool writeExport(const QString& path, const QByteArray& bytes, const QString& title);
    // A chart as PNG (twice the screen size) or PDF by the suffix; on failure as writeExport.
    bool writeChartExport(QCustomPlot* chart, const QString& path, const QString& title);
    void updateGroupChoices();
    void fitColumns(); // hidden columns hidden, the others as wide as their contents
    void showColumnMenu(const QPoint& pos);
    void noteFilterProblems();
    void updatePredictions();
    void updatePredictionInput(); // the input behind the current prediction row
    void updateSlices();          // when the Slices tab is shown
    void onSlices(quint64 request, const api::StoredSlices& slices, const QString& error);
    void keepNote(qint64 predictionId, const QString& note, const QStringList& tags);

    std::unique_ptr<store::Store> m_store;
    QString m_path;
    std::optional<qint64> m_baseline;
    RunsModel* m_model = nullptr;
    ColumnFilterProxy* m_proxy = nullptr;
    QTreeView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_groupBy = nullptr;
    QLabel* m_filterNote = nullptr;
    QStringList m_hiddenColumns; // header texts the user hid from the header's menu
    QTabWidget* m_bottomTabs = nullptr;
    PredictionsModel* m_predictions = nullptr;
    ColumnFilterProxy* m_predictionsProxy = nullptr;
    QTableView* m_predictionsTable = nullptr;
    QLineEdit* m_predictionsFilter = nullptr;
    QLabel* m_predictionsLabel = nullptr;
    QPlainTextEdit* m_predictionInput = nullptr;
    std::unique_ptr<TrainedRunService> m_inputService; // started on the first row shown
    QString m_inputHeader;                             // what the pane says above the input
    SliceChart* m_sliceChart = nullptr;
    QComboBox* m_sliceAttribute = nullptr;
    QComboBox* m_sliceMetric = nullptr;
    QLabel* m_sliceStatus = nullptr;
    api::StoredSlices m_slices;     // what the chart shows
    quint64 m_sliceRequest = 0;     // the latest request; older answers are dropped
    int m_slicesTab = -1;
    QLabel* m_pathLabel = nullptr;
    QComboBox* m_metric = nullptr;
    QPlainTextEdit* m_details = nullptr;
    CurvePlot* m_plot = nullptr;
    QCheckBox* m_groupSeeds = nullptr;
    QComboBox* m_spread = nullptr;
    QList<QCPGraph*> m_meanGraphs;
};

} // namespace persona::ui
