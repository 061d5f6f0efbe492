#include "ui/itemmodels/runs_model.h"

#include "ui/views/personalization_text.h"

#include <QColor>
#include <QDateTime>

namespace persona::ui {

RunsModel::RunsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunsModel::setRows(std::vector<Row> rows)
{
    for (Row& row : rows)
        row.verdict = personalizationVerdict(testMetricsFromStore(row.metrics), row.warn);
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const RunsModel::Row* RunsModel::rowById(std::int64_t runId) const
{
    for (const Row& row : m_rows)
        if (row.run.id == runId)
            return &row;
    return nullptr;
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::metricsText(const std::vector<store::MetricSummary>& metrics)
{
    QStringList parts;
    for (const store::MetricSummary& m : metrics)
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(m.name)).arg(m.lastValue, 0, 'g', 4);
    return parts.join(QStringLiteral(" · "));
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const store::RunRecord& run = row.run;
    if (role == RunIdRole)
        return static_cast<qlonglong>(run.id);
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !run.error.empty())
        return QString::fromStdString(run.error);
    if (role == Qt::ToolTipRole && !row.verdict.isEmpty())
        return row.verdict;
    if (role == Qt::ForegroundRole && row.warn && (index.column() == NameColumn || index.column() == MetricsColumn))
        return QColor(QString::fromLatin1(kWarningColor));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn: return static_cast<qlonglong>(run.id);
    case NameColumn: return QString::fromStdString(run.name);
    case MethodColumn: return QString::fromStdString(run.method);
    case StatusColumn: return QString::fromUtf8(store::runStatusName(run.status));
    case CreatedColumn:
        return QDateTime::fromMSecsSinceEpoch(run.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case StepColumn: return run.lastStep ? QVariant(static_cast<qlonglong>(*run.lastStep)) : QVariant(QStringLiteral("—"));
    case DeviceColumn: return QString::fromStdString(run.device);
    case MetricsColumn: return metricsText(row.metrics);
    default: return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case MethodColumn: return tr("Method");
    case StatusColumn: return tr("Status");
    case CreatedColumn: return tr("Created");
    case StepColumn: return tr("Last step");
    case DeviceColumn: return tr("Device");
    case MetricsColumn: return tr("Final metrics");
    default: return {};
    }
}

} // namespace persona::ui
