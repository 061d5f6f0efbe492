#include "ui/itemmodels/effect_bar_delegate.h"

#include "ui/itemmodels/history_model.h"

#include <QPainter>

#include <cmath>

namespace persona::ui {

void EffectBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant effect = index.data(HistoryModel::EffectRole);
    const double scale = index.data(HistoryModel::EffectScaleRole).toDouble();
    if (effect.isValid() && scale > 0.0) {
        const double v = effect.toDouble();
        const QRect cell = option.rect.adjusted(2, 3, -2, -3);
        const int centre = cell.center().x();
        const int length = static_cast<int>(std::round(std::abs(v) / scale * (cell.width() / 2)));
        const QRect bar = v < 0 ? QRect(centre - length, cell.top(), length, cell.height())
                                : QRect(centre, cell.top(), length, cell.height());
        painter->save();
        painter->fillRect(option.rect, index.data(Qt::BackgroundRole).value<QColor>());
        painter->fillRect(bar, QColor(0, 114, 178, 150)); // the answer's blue in the Compare pane
        painter->setPen(option.palette.color(QPalette::Mid));
        painter->drawLine(centre, option.rect.top(), centre, option.rect.bottom());
        painter->setPen(index.data(Qt::ForegroundRole).isValid() ? index.data(Qt::ForegroundRole).value<QColor>()
                                                                 : option.palette.color(QPalette::Text));
        painter->drawText(cell, Qt::AlignCenter, index.data().toString());
        painter->restore();
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace persona::ui
