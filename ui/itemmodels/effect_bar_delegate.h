// Paints an item's effect (HistoryModel::EffectRole) as a horizontal bar from the cell's centre,
// to the left for a negative value (the item supported the answer), scaled by EffectScaleRole,
// with the number over it. Leaves out where the values come from.
#pragma once

#include <QStyledItemDelegate>

namespace persona::ui {

class EffectBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace persona::ui
