#include "ui/itemmodels/runs_model.h"

#include "core/api/diagnostics.h"
#include "core/api/run_table.h"
#include "ui/charts/seed_statistics.h"
#include "ui/views/personalization_text.h"

#include <QColor>
#include <QDateTime>
#include <QFont>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace persona::ui {
namespace {

// Test figures first (what a run is judged by), then validation, then the rest; by name within.
int metricRank(const std::string& name)
{
    if (name.rfind("test_", 0) == 0)
        return 0;
    if (name.rfind("val_", 0) == 0)
        return 1;
    return 2;
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QString valueText(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("—");
}

} // namespace

RunsModel::RunsModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void RunsModel::setRows(std::vector<Row> rows)
{
    std::vector<nlohmann::json> configs;
    std::set<std::string> metricNames;
    for (Row& row : rows) {
        row.verdict = personalizationVerdict(api::testMetricsFromStore(row.metrics), row.warn);
        configs.push_back(row.run.config.is_object() ? row.run.config : nlohmann::json::object());
        for (const store::MetricSummary& m : row.metrics)
            metricNames.insert(m.name);
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_settings = configs.size() > 1 ? api::differingSettings(configs) : std::vector<std::string>{};
    // The method has its own column (from the run record, which older configs lack).
    m_settings.erase(std::remove(m_settings.begin(), m_settings.end(), "method"), m_settings.end());
    m_metricNames.assign(metricNames.begin(), metricNames.end());
    std::stable_sort(m_metricNames.begin(), m_metricNames.end(),
                     [](const std::string& a, const std::string& b) { return metricRank(a) < metricRank(b); });
    regroup();
    endResetModel();
}

void RunsModel::setGrouping(const QString& key)
{
    beginResetModel();
    m_grouping = key;
    regroup();
    endResetModel();
}

void RunsModel::regroup()
{
    m_groups.clear();
    if (m_grouping.isEmpty() || m_rows.empty())
        return;
    if (m_grouping == QLatin1String(kGroupBySeeds)) {
        std::vector<RunConfigRef> refs;
        for (const Row& row : m_rows)
            refs.push_back({row.run.id, row.run.method, row.run.config});
        for (const QList<qint64>& ids : groupBySeed(refs)) {
            Group g;
            std::vector<std::pair<double, QString>> seeds; // shown in ascending order
            for (qint64 id : ids)
                for (std::size_t i = 0; i < m_rows.size(); ++i)
                    if (m_rows[i].run.id == id) {
                        g.members.push_back(i);
                        const auto seed = api::settingValue(m_rows[i].run.config, "train.seed");
                        const double number = seed && seed->is_number() ? seed->get<double>() : double(m_rows[i].run.seed);
                        seeds.emplace_back(number, seed ? text(api::settingText(seed)) : QString::number(m_rows[i].run.seed));
                    }
            std::sort(seeds.begin(), seeds.end());
            std::sort(g.members.begin(), g.members.end(),
                      [this](std::size_t a, std::size_t b) { return m_rows[a].run.id < m_rows[b].run.id; });
            QStringList seedTexts;
            for (const auto& s : seeds)
                seedTexts << s.second;
            g.label = tr("%1, seeds %2 (%n run(s))", nullptr, static_cast<int>(ids.size()))
                          .arg(text(m_rows[g.members.front()].run.name), seedTexts.join(QStringLiteral(", ")));
            m_groups.push_back(std::move(g));
        }
        return;
    }
    const std::string key = m_grouping.toStdString();
    if (std::find(m_settings.begin(), m_settings.end(), key) == m_settings.end()) {
        m_grouping.clear(); // the runs agree on it (or it is no setting): nothing to group by
        return;
    }
    std::map<std::string, std::size_t> byValue; // first-appearance order kept through the index
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const std::string value = api::settingText(api::settingValue(m_rows[i].run.config, key));
        const auto [it, inserted] = byValue.emplace(value, m_groups.size());
        if (inserted)
            m_groups.push_back({text(key + " = " + value), {}});
        m_groups[it->second].members.push_back(i);
    }
    for (Group& g : m_groups) {
        std::sort(g.members.begin(), g.members.end(),
                  [this](std::size_t a, std::size_t b) { return m_rows[a].run.id < m_rows[b].run.id; });
        g.label = tr("%1 (%n run(s))", nullptr, static_cast<int>(g.members.size())).arg(g.label);
    }
}

const RunsModel::Row* RunsModel::rowById(std::int64_t runId) const
{
    for (const Row& row : m_rows)
        if (row.run.id == runId)
            return &row;
    return nullptr;
}

int RunsModel::settingColumn(const std::string& key) const
{
    const auto it = std::find(m_settings.begin(), m_settings.end(), key);
    return it == m_settings.end() ? -1 : FixedColumnCount + static_cast<int>(it - m_settings.begin());
}

int RunsModel::metricColumn(const std::string& name) const
{
    const auto it = std::find(m_metricNames.begin(), m_metricNames.end(), name);
    return it == m_metricNames.end()
               ? -1
               : FixedColumnCount + static_cast<int>(m_settings.size()) + static_cast<int>(it - m_metricNames.begin());
}

QList<qint64> RunsModel::runIdsAt(const QModelIndex& index) const
{
    QList<qint64> ids;
    if (!index.isValid())
        return ids;
    if (isGrouped() && !index.parent().isValid()) {
        for (std::size_t i : m_groups[static_cast<std::size_t>(index.row())].members)
            ids << m_rows[i].run.id;
        return ids;
    }
    ids << index.data(RunIdRole).toLongLong();
    return ids;
}

// internalId: 0 for a top-level row, group index + 1 for a run under a group.
QModelIndex RunsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= columnCount() || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex RunsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(isGrouped() ? m_groups.size() : m_rows.size());
    if (!isGrouped() || parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return static_cast<int>(m_groups[static_cast<std::size_t>(parent.row())].members.size());
}

int RunsModel::columnCount(const QModelIndex&) const
{
    return FixedColumnCount + static_cast<int>(m_settings.size() + m_metricNames.size());
}

QString RunsModel::metricsText(const std::vector<store::MetricSummary>& metrics)
{
    QStringList parts;
    for (const store::MetricSummary& m : metrics)
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(m.name)).arg(m.lastValue, 0, 'g', 4);
    return parts.join(QStringLiteral(" · "));
}

const double* RunsModel::finalValue(const Row& row, const std::string& metric) const
{
    for (const store::MetricSummary& m : row.metrics)
        if (m.name == metric)
            return &m.lastValue;
    return nullptr;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.column() >= columnCount())
        return {};
    if (isGrouped() && index.internalId() == 0) {
        if (static_cast<std::size_t>(index.row()) >= m_groups.size())
            return {};
        return groupData(m_groups[static_cast<std::size_t>(index.row())], index.column(), role);
    }
    std::size_t i = static_cast<std::size_t>(index.row());
    if (isGrouped()) {
        const Group& g = m_groups[index.internalId() - 1];
        if (i >= g.members.size())
            return {};
        i = g.members[i];
    }
    if (i >= m_rows.size())
        return {};
    return runData(m_rows[i], index.column(), role);
}

QVariant RunsModel::runData(const Row& row, int column, int role) const
{
    const store::RunRecord& run = row.run;
    if (role == RunIdRole)
        return static_cast<qlonglong>(run.id);
    if (role == Qt::ToolTipRole && column == StatusColumn && !run.error.empty())
        return QString::fromStdString(run.error);
    if (role == Qt::ToolTipRole && !row.verdict.isEmpty())
        return row.verdict;
    const int metricStart = FixedColumnCount + static_cast<int>(m_settings.size());
    if (role == Qt::ForegroundRole && row.warn && (column == NameColumn || column >= metricStart))
        return QColor(QString::fromLatin1(kWarningColor));
    if (role == Qt::TextAlignmentRole && (column == IdColumn || column == StepColumn || column >= metricStart))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    if (column >= metricStart) {
        const double* v = finalValue(row, m_metricNames[static_cast<std::size_t>(column - metricStart)]);
        if (sort)
            return v && std::isfinite(*v) ? QVariant(*v) : QVariant();
        return v ? valueText(*v) : QString();
    }
    if (column >= FixedColumnCount) {
        const std::string& key = m_settings[static_cast<std::size_t>(column - FixedColumnCount)];
        const auto value = key == "method" ? std::optional<nlohmann::json>(run.method) : api::settingValue(run.config, key);
        if (sort && value && value->is_number())
            return value->get<double>();
        return text(api::settingText(value));
    }
    switch (column) {
    case IdColumn: return static_cast<qlonglong>(run.id);
    case NameColumn: return text(run.name);
    case MethodColumn: return text(run.method);
    case StatusColumn: return QString::fromUtf8(store::runStatusName(run.status));
    case CreatedColumn:
        if (sort)
            return static_cast<qlonglong>(run.createdAt);
        return QDateTime::fromMSecsSinceEpoch(run.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case StepColumn:
        if (!run.lastStep)
            return sort ? QVariant() : QVariant(QStringLiteral("—"));
        return static_cast<qlonglong>(*run.lastStep);
    case DeviceColumn: return text(run.device);
    default: return {};
    }
}

QVariant RunsModel::groupData(const Group& group, int column, int role) const
{
    const int metricStart = FixedColumnCount + static_cast<int>(m_settings.size());
    if (role == Qt::ToolTipRole && column >= metricStart)
        return tr("Mean ± sample standard deviation of the group's final values");
    if (role == Qt::TextAlignmentRole && column >= metricStart)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    if (column >= metricStart) {
        QVector<double> values;
        for (std::size_t i : group.members)
            if (const double* v = finalValue(m_rows[i], m_metricNames[static_cast<std::size_t>(column - metricStart)]))
                values << *v;
        const MeanSd m = meanSd(values);
        if (m.count == 0)
            return sort ? QVariant() : QVariant(QString());
        if (sort)
            return m.mean;
        return m.count > 1 ? QStringLiteral("%1 ± %2").arg(valueText(m.mean), QString::number(m.sd, 'g', 2))
                           : valueText(m.mean);
    }
    if (column == NameColumn)
        return group.label;
    if (column == IdColumn)
        return sort ? QVariant(static_cast<qlonglong>(m_rows[group.members.front()].run.id)) : QVariant();
    // A column the members agree on shows their value, else nothing.
    QVariant common;
    for (std::size_t n = 0; n < group.members.size(); ++n) {
        const QVariant v = runData(m_rows[group.members[n]], column, role);
        if (n == 0)
            common = v;
        else if (v != common)
            return {};
    }
    return column == StatusColumn || column == CreatedColumn || column == StepColumn ? QVariant() : common;
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractItemModel::headerData(section, orientation, role);
    const int metricStart = FixedColumnCount + static_cast<int>(m_settings.size());
    if (section >= metricStart && section < columnCount())
        return role == Qt::ToolTipRole ? tr("The metric's last value (a group: mean ± sd)")
                                       : text(m_metricNames[static_cast<std::size_t>(section - metricStart)]);
    if (section >= FixedColumnCount && section < metricStart)
        return role == Qt::ToolTipRole ? tr("A config setting that differs between the listed runs")
                                       : text(m_settings[static_cast<std::size_t>(section - FixedColumnCount)]);
    if (role == Qt::ToolTipRole)
        return {};
    switch (section) {
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case MethodColumn: return tr("Method");
    case StatusColumn: return tr("Status");
    case CreatedColumn: return tr("Created");
    case StepColumn: return tr("Last step");
    case DeviceColumn: return tr("Device");
    default: return {};
    }
}

} // namespace persona::ui
