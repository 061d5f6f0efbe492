// Table model of one user's history, oldest first: kept, title, rating, date, genres, popularity,
// and the effect of each shown item on a run's answer once Compare has explained it (the change in
// log-probability without the item, EffectRole for the bar delegate). The items kept by the chosen
// sampling strategy get a background colour and "kept" in the first column, so a person sees what
// each strategy keeps. Leaves out choosing the sample (the view).
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QAbstractTableModel>
#include <QColor>

#include <map>
#include <vector>

namespace persona::ui {

class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KeptColumn, TitleColumn, RatingColumn, DateColumn, GenresColumn, PopularityColumn, EffectColumn, ColumnCount };
    static constexpr int KeptRole = Qt::UserRole + 1;   // bool
    static constexpr int EffectRole = Qt::UserRole + 2; // double: the item's effect; invalid where none
    static constexpr int EffectScaleRole = Qt::UserRole + 3; // double: the largest |effect| shown (the bars' scale)

    explicit HistoryModel(QObject* parent = nullptr);

    // userIndex < 0 clears the table.
    void setUser(DatasetPtr dataset, int userIndex);
    // Positions into the user's history (as HistorySampler returns them).
    void setKept(const std::vector<std::size_t>& positions);
    const std::vector<std::size_t>& keptPositions() const { return m_keptPositions; }
    // The effect of history positions on an answer (Compare's item attribution: the change in
    // log-probability of the answer without the item), named by `source` in the column's tooltip.
    // Cleared by setUser; an empty map clears it.
    void setEffects(const std::map<std::size_t, double>& effects, const QString& source);
    QString effectSource() const { return m_effectSource; }
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
    std::map<std::size_t, double> m_effects;
    double m_effectScale = 0.0;
    QString m_effectSource;
};

} // namespace persona::ui
