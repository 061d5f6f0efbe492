#include "ui/itemmodels/history_model.h"

#include <algorithm>
#include <cmath>

#include <QDateTime>

namespace persona::ui {

HistoryModel::HistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QColor HistoryModel::keptColor()
{
    return QColor(255, 214, 102); // amber: readable with dark text in light and dark themes
}

const data::User* HistoryModel::user() const
{
    if (!m_dataset || m_user < 0 || static_cast<std::size_t>(m_user) >= m_dataset->dataset.users.size())
        return nullptr;
    return &m_dataset->dataset.users[static_cast<std::size_t>(m_user)];
}

void HistoryModel::setUser(DatasetPtr dataset, int userIndex)
{
    beginResetModel();
    m_dataset = std::move(dataset);
    m_user = userIndex;
    const data::User* u = user();
    m_kept.assign(u ? u->history.size() : 0, false);
    m_keptPositions.clear();
    m_effects.clear();
    m_effectScale = 0.0;
    m_effectSource.clear();
    endResetModel();
}

void HistoryModel::setEffects(const std::map<std::size_t, double>& effects, const QString& source)
{
    m_effects = effects;
    m_effectSource = effects.empty() ? QString() : source;
    m_effectScale = 0.0;
    for (const auto& [position, effect] : m_effects)
        m_effectScale = std::max(m_effectScale, std::abs(effect));
    if (rowCount() > 0)
        emit dataChanged(index(0, EffectColumn), index(rowCount() - 1, EffectColumn));
    emit headerDataChanged(Qt::Horizontal, EffectColumn, EffectColumn);
}

void HistoryModel::setKept(const std::vector<std::size_t>& positions)
{
    std::fill(m_kept.begin(), m_kept.end(), false);
    m_keptPositions.clear();
    for (std::size_t p : positions) {
        if (p < m_kept.size()) {
            m_kept[p] = true;
            m_keptPositions.push_back(p);
        }
    }
    if (!m_kept.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    const data::User* u = user();
    return parent.isValid() || !u ? 0 : static_cast<int>(u->history.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    const data::User* u = user();
    if (!u || !index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const bool kept = m_kept[row];
    if (role == KeptRole)
        return kept;
    const auto effect = m_effects.find(row);
    if (index.column() == EffectColumn) {
        if (role == EffectRole)
            return effect == m_effects.end() ? QVariant() : QVariant(effect->second);
        if (role == EffectScaleRole)
            return m_effectScale;
        if (role == Qt::DisplayRole)
            return effect == m_effects.end() ? QString() : QString::number(effect->second, 'f', 2);
        if (role == Qt::ToolTipRole && effect != m_effects.end())
            return tr("Change in log-probability of the answer of %1 without this item (left: it supported the answer)")
                .arg(m_effectSource);
    }
    if (role == Qt::BackgroundRole)
        return kept ? QVariant(keptColor()) : QVariant();
    if (role == Qt::ForegroundRole)
        return kept ? QVariant(QColor(Qt::black)) : QVariant();
    if (role == Qt::TextAlignmentRole && index.column() != TitleColumn && index.column() != GenresColumn)
        return int(Qt::AlignCenter);
    if (role != Qt::DisplayRole)
        return {};
    const data::Dataset& ds = m_dataset->dataset;
    const data::Interaction& it = u->history[row];
    const data::Item& item = ds.items[it.item];
    switch (index.column()) {
    case KeptColumn:
        return kept ? tr("kept") : QString();
    case TitleColumn:
        return QString::fromStdString(item.title);
    case RatingColumn:
        return it.hasRating() ? QString::fromStdString(data::formatRating(it.rating)) : QStringLiteral("—");
    case DateColumn:
        if (it.timestamp == data::kNoTimestamp)
            return QStringLiteral("—");
        return QDateTime::fromSecsSinceEpoch(it.timestamp, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
    case GenresColumn:
        return genreList(ds, item.genres);
    case PopularityColumn:
        return static_cast<qulonglong>(item.popularity);
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeptColumn: return tr("Kept");
    case TitleColumn: return tr("Title");
    case RatingColumn: return tr("Rating");
    case DateColumn: return tr("Date");
    case GenresColumn: return tr("Genres");
    case PopularityColumn: return tr("Popularity");
    case EffectColumn: return m_effectSource.isEmpty() ? tr("Effect") : tr("Effect (%1)").arg(m_effectSource);
    default: return {};
    }
}

} // namespace persona::ui
