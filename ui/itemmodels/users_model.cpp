#include "ui/itemmodels/users_model.h"

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

} // namespace persona::ui
