// Table model of a dataset's users: id, history length, liked and disliked genres (genre task)
// and split. Read-only; sorting goes through a proxy with SortRole, search through UsersFilter
// (the shown columns and the titles each user rated).
// Leaves out the history of one user (history_model.h).
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <string>
#include <vector>

namespace persona::ui {

class UsersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, HistoryColumn, LikedColumn, DislikedColumn, SplitColumn, ColumnCount };
    // Numbers for numeric columns (and numeric ids) so sorting is numeric.
    static constexpr int SortRole = Qt::UserRole + 1;
    // The user's index in Dataset::users.
    static constexpr int UserIndexRole = Qt::UserRole + 2;

    explicit UsersModel(QObject* parent = nullptr);

    void setDataset(DatasetPtr dataset);
    const DatasetPtr& dataset() const { return m_dataset; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    DatasetPtr m_dataset;
};

// The Data view's search: a user matches when the text (case-insensitive) is in one of the shown
// columns (id, genres, split) or, unless it is a plain number (an id), in the title of an item the
// user rated.
class UsersFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit UsersFilter(QObject* parent = nullptr);
    void setSearchText(const QString& text);
    QString searchText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void cacheTitles() const;

    QString m_text;
    std::string m_needle; // m_text lower-cased, UTF-8
    mutable const data::Dataset* m_cachedFor = nullptr;
    mutable std::vector<std::string> m_lowerTitles; // per item
};

} // namespace persona::ui
