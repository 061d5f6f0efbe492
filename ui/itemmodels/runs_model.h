// Table model of the experiment store's runs: id, name, method, status, created, last step,
// device and the final value of each metric. Filled from a Store by the Runs view; read-only.
// Leaves out curves (the view reads metricPoints for the selected runs).
#pragma once

#include "core/store/records.h"

#include <QAbstractTableModel>

#include <vector>

namespace persona::ui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, MethodColumn, StatusColumn, CreatedColumn, StepColumn,
                  DeviceColumn, MetricsColumn, ColumnCount };
    static constexpr int RunIdRole = Qt::UserRole + 1;

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

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "val_f1 0.412 · val_loss 1.23" from the last value of each curve.
    static QString metricsText(const std::vector<store::MetricSummary>& metrics);

private:
    std::vector<Row> m_rows;
};

} // namespace persona::ui
