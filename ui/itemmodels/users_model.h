// Table model of a dataset's users: id, history length, liked and disliked genres (genre task)
// and split. Read-only; sorting and search go through a QSortFilterProxyModel with SortRole.
// Leaves out the history of one user (history_model.h).
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QAbstractTableModel>

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

} // namespace persona::ui
