#include "ui/itemmodels/users_model.h"

#include <algorithm>

namespace persona::ui {

UsersModel::UsersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void UsersModel::setDataset(DatasetPtr dataset)
{
    beginResetModel();
    m_dataset = std::move(dataset);
    endResetModel();
}

int UsersModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_dataset)
        return 0;
    return static_cast<int>(m_dataset->dataset.users.size());
}

int UsersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::data(const QModelIndex& index, int role) const
{
    if (!m_dataset || !index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const data::Dataset& ds = m_dataset->dataset;
    const data::User& user = ds.users[row];
    if (role == UserIndexRole)
        return index.row();
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case IdColumn: {
        const QString key = QString::fromStdString(user.key);
        if (role == SortRole) {
            bool ok = false;
            const qlonglong number = key.toLongLong(&ok);
            return ok ? QVariant(number) : QVariant(key);
        }
        return key;
    }
    case HistoryColumn:
        return static_cast<qlonglong>(user.history.size());
    case LikedColumn:
        return genreList(ds, m_dataset->labels[row].liked);
    case DislikedColumn:
        return genreList(ds, m_dataset->labels[row].disliked);
    case SplitColumn:
        return role == SortRole ? QVariant(m_dataset->split[row]) : QVariant(splitLabel(m_dataset->split[row]));
    default:
        return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("User");
    case HistoryColumn: return tr("History");
    case LikedColumn: return tr("Liked genres");
    case DislikedColumn: return tr("Disliked genres");
    case SplitColumn: return tr("Split");
    default: return {};
    }
}

UsersFilter::UsersFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
}

void UsersFilter::setSearchText(const QString& text)
{
    m_text = text.trimmed();
    m_needle = m_text.toLower().toStdString();
    invalidateFilter();
}

void UsersFilter::cacheTitles() const
{
    const auto* users = qobject_cast<const UsersModel*>(sourceModel());
    const data::Dataset* ds = users && users->dataset() ? &users->dataset()->dataset : nullptr;
    if (ds == m_cachedFor)
        return;
    m_cachedFor = ds;
    m_lowerTitles.clear();
    if (ds)
        for (const data::Item& item : ds->items)
            m_lowerTitles.push_back(QString::fromStdString(item.title).toLower().toStdString());
}

bool UsersFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_needle.empty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    for (int c = 0; c < model->columnCount(sourceParent); ++c)
        if (model->data(model->index(sourceRow, c, sourceParent)).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    // A number is looked up as a user id (and the other columns), not in titles: "17" finds user
    // 17, not every user who rated a film with 17 in its title.
    if (std::all_of(m_needle.begin(), m_needle.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    cacheTitles();
    const auto* users = qobject_cast<const UsersModel*>(model);
    if (!users || !users->dataset())
        return false;
    const data::User& user = users->dataset()->dataset.users[static_cast<std::size_t>(sourceRow)];
    for (const data::Interaction& h : user.history)
        if (h.item < m_lowerTitles.size() && m_lowerTitles[h.item].find(m_needle) != std::string::npos)
            return true;
    return false;
}

} // namespace persona::ui
