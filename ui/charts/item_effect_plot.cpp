#include "ui/charts/item_effect_plot.h"

#include <cmath>
#include <limits>

namespace persona::ui {

namespace {
double finiteOr0(double v)
{
    return std::isfinite(v) ? v : 0.0;
}
} // namespace

QString itemEffectLabel(const api::ItemEffectView& item, int maxChars)
{
    QString title = QString::fromStdString(item.title);
    if (title.size() > maxChars)
        title = title.left(maxChars / 2 - 1) + QChar(0x2026) + title.right(maxChars - maxChars / 2);
    if (std::isfinite(item.rating))
        title += ItemEffectPlot::tr(" (rated %1)").arg(item.rating);
    const bool changed = !item.appeared.empty() || !item.vanished.empty(); // genre task
    return (changed ? QStringLiteral("* ") : QString()) + title;
}

ItemEffectPlot::ItemEffectPlot(QWidget* parent)
    : QCustomPlot(parent)
{
    setMinimumSize(260, 160);
    m_answer = new QCPBars(yAxis, xAxis);
    m_truth = new QCPBars(yAxis, xAxis);
    m_answer->setName(tr("the answer"));
    m_truth->setName(tr("the truth"));
    // Okabe-Ito blue and orange: colour-blind safe.
    m_answer->setBrush(QColor(0, 114, 178));
    m_answer->setPen(Qt::NoPen);
    m_truth->setBrush(QColor(230, 159, 0));
    m_truth->setPen(Qt::NoPen);
    m_attention = new QCPBars(yAxis, xAxis2);
    m_attention->setName(tr("attention share (Perceiver)"));
    m_attention->setBrush(QColor(0, 158, 115)); // Okabe-Ito bluish green
    m_attention->setPen(Qt::NoPen);
    m_attention->setWidth(0.25);
    m_attention->setVisible(false);
    m_attention->removeFromLegend();
    xAxis2->setLabel(tr("Share of the latents' attention"));
    auto* group = new QCPBarsGroup(this);
    group->setSpacing(1);
    m_answer->setBarsGroup(group);
    m_truth->setBarsGroup(group);
    m_attention->setBarsGroup(group);
    m_answer->setWidth(0.38);
    m_truth->setWidth(0.38);
    xAxis->setLabel(tr("Change in log-probability without the item"));
    yAxis->setRangeReversed(true);
    legend->setVisible(true);
    legend->setFont(font());
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

void ItemEffectPlot::setEffects(const api::ExplainView& view)
{
    m_rows = static_cast<int>(view.items.size());
    m_labels.clear();
    QVector<double> keys, answer, truth, attention;
    bool anyAttention = false;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double extent = 0.0;
    for (int i = 0; i < m_rows; ++i) {
        const api::ItemEffectView& item = view.items[static_cast<std::size_t>(i)];
        m_labels << itemEffectLabel(item);
        ticker->addTick(i, m_labels.back());
        keys << i;
        answer << finiteOr0(item.answerDelta);
        truth << finiteOr0(item.truthDelta);
        attention << finiteOr0(item.attention);
        anyAttention = anyAttention || std::isfinite(item.attention);
        extent = std::max({extent, std::abs(answer.back()), std::abs(truth.back())});
    }
    m_answer->setData(keys, answer, true);
    m_truth->setData(keys, truth, true);
    m_truth->setVisible(std::isfinite(view.truthLogProb));
    m_attention->setData(keys, attention, true);
    m_attention->setVisible(anyAttention);
    if (anyAttention && !m_attention->name().isEmpty() && !legend->hasItemWithPlottable(m_attention))
        m_attention->addToLegend();
    else if (!anyAttention)
        m_attention->removeFromLegend();
    xAxis2->setVisible(anyAttention);
    xAxis2->setRange(0.0, 1.0);
    yAxis->setTicker(ticker);
    yAxis->setRange(-0.6, std::max(m_rows, 1) - 0.4);
    extent = extent > 0.0 ? extent * 1.1 : 1.0;
    xAxis->setRange(-extent, extent);
    setMinimumHeight(80 + 22 * std::max(m_rows, 1));
    replot();
}

void ItemEffectPlot::clearEffects()
{
    m_rows = 0;
    m_labels.clear();
    m_answer->data()->clear();
    m_truth->data()->clear();
    m_attention->data()->clear();
    m_attention->setVisible(false);
    xAxis2->setVisible(false);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    replot();
}

double ItemEffectPlot::answerDelta(int row) const
{
    return m_answer->data()->at(row)->value;
}

double ItemEffectPlot::truthDelta(int row) const
{
    return m_truth->data()->at(row)->value;
}

bool ItemEffectPlot::showsAttention() const
{
    return m_attention->visible();
}

double ItemEffectPlot::attention(int row) const
{
    return showsAttention() && row >= 0 && row < m_attention->data()->size() ? m_attention->data()->at(row)->value
                                                                             : std::numeric_limits<double>::quiet_NaN();
}

} // namespace persona::ui
