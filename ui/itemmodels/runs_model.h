// The runs table of the Runs view, as in W&B's: one row per run of the experiment store with its
// id, name, method, status, creation time, last step and device, then one column per config
// setting that differs between the listed runs (api::differingSettings) and one per metric (its
// final value). Optionally grouped: by seeds (configs equal apart from the seed) or by one
// setting; a group is a top-level row whose children are its runs, with the members' count, their
// common settings and the mean ± sd of each metric. Read-only; sorting and filtering are
// ColumnFilterProxy's. Leaves out curves (the view reads metricPoints for the selected runs).
#pragma once

#include "core/store/records.h"
#include "ui/itemmodels/column_filter.h"

#include <QAbstractItemModel>

#include <string>
#include <vector>

namespace persona::ui {

class RunsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, MethodColumn, StatusColumn, CreatedColumn, StepColumn,
                  DeviceColumn, FixedColumnCount };
    static constexpr int RunIdRole = Qt::UserRole + 1;
    static constexpr int SortRole = kSortRole; // numbers as numbers, times as milliseconds
    // Grouping keys besides a setting's dotted name.
    static constexpr const char* kNoGrouping = "";
    static constexpr const char* kGroupBySeeds = "@seeds";

    struct Row {
        store::RunRecord run;
        std::vector<store::MetricSummary> metrics;
        QString verdict;  // personalization in plain words (personalizationVerdict); empty without test figures
        bool warn = false; // it answers users alike or nearly so: name and status in the warning colour
    };

    explicit RunsModel(QObject* parent = nullptr);

    void setRows(std::vector<Row> rows);
    const Row* rowById(std::int64_t runId) const;
    const std::vector<Row>& rows() const { return m_rows; }

    // The columns after the fixed ones: the differing settings, then the metrics (by name).
    const std::vector<std::string>& settingColumns() const { return m_settings; }
    const std::vector<std::string>& metricColumns() const { return m_metricNames; }
    int settingColumn(const std::string& key) const;   // -1 when the runs agree on it
    int metricColumn(const std::string& name) const;   // -1 when no run has it

    // kNoGrouping, kGroupBySeeds or one of settingColumns(); anything else groups nothing.
    void setGrouping(const QString& key);
    QString grouping() const { return m_grouping; }
    bool isGrouped() const { return !m_groups.empty(); }
    // The run ids under a group row (its children), or the run's own id for a run row.
    QList<qint64> runIdsAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "val_f1 0.412 · val_loss 1.23" from the last value of each curve.
    static QString metricsText(const std::vector<store::MetricSummary>& metrics);

private:
    struct Group {
        QString label;
        std::vector<std::size_t> members; // indices into m_rows
    };
    void regroup();
    QVariant runData(const Row& row, int column, int role) const;
    QVariant groupData(const Group& group, int column, int role) const;
    const double* finalValue(const Row& row, const std::string& metric) const;

    std::vector<Row> m_rows;
    std::vector<std::string> m_settings;
    std::vector<std::string> m_metricNames;
    QString m_grouping;
    std::vector<Group> m_groups;
};

} // namespace persona::ui
