// Table model of one user's history, oldest first: kept, title, rating, date, genres, popularity.
// The items kept by the chosen sampling strategy get a background colour and "kept" in the first
// column, so a person sees what each strategy keeps. Leaves out choosing the sample (the view).
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace persona::ui {

class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KeptColumn, TitleColumn, RatingColumn, DateColumn, GenresColumn, PopularityColumn, ColumnCount };
    static constexpr int KeptRole = Qt::UserRole + 1; // bool

    explicit HistoryModel(QObject* parent = nullptr);

    // userIndex < 0 clears the table.
    void setUser(DatasetPtr dataset, int userIndex);
    // Positions into the user's history (as HistorySampler returns them).
    void setKept(const std::vector<std::size_t>& positions);
    const std::vector<std::size_t>& keptPositions() const { return m_keptPositions; }
    int userIndex() const { return m_user; }
    static QColor keptColor();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const data::User* user() const;

    DatasetPtr m_dataset;
    int m_user = -1;
    std::vector<bool> m_kept;
    std::vector<std::size_t> m_keptPositions;
};

} // namespace persona::ui
