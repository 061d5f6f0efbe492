#include "ui/charts/slice_chart.h"

#include <cmath>
#include <limits>

namespace persona::ui {

namespace {
// Okabe-Ito: colour-blind safe, in the order the other charts use.
const QColor kColours[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                           QColor(86, 180, 233), QColor(213, 94, 0), QColor(240, 228, 66), QColor(0, 0, 0)};
} // namespace

SliceChart::SliceChart(QWidget* parent) : QCustomPlot(parent)
{
    setMinimumSize(320, 200);
    legend->setVisible(true);
    legend->setFont(font());
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void SliceChart::clearSlices()
{
    clearPlottables();
    m_bars.clear();
    m_values.clear();
    replot();
}

void SliceChart::setSlices(const api::StoredSlices& slices, Metric metric)
{
    clearPlottables();
    m_bars.clear();
    m_values.clear();
    // The values in the order the runs give them (each run's order is the attribute's; a value one
    // run lacks goes where it first appears).
    for (const api::RunSlices& r : slices.runs)
        for (const api::SliceRow& row : r.rows)
            if (!m_values.contains(QString::fromStdString(row.value)))
                m_values << QString::fromStdString(row.value);
    auto* group = new QCPBarsGroup(this);
    group->setSpacing(1);
    const int runs = static_cast<int>(slices.runs.size());
    const double width = 0.8 / std::max(runs, 1);
    double top = 0.0;
    for (int i = 0; i < runs; ++i) {
        const api::RunSlices& r = slices.runs[static_cast<std::size_t>(i)];
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setName(QString::fromStdString(r.label) + (r.error.empty() ? QString() : tr(" (no slices)")));
        bars->setBrush(kColours[i % 8]);
        bars->setPen(Qt::NoPen);
        bars->setWidth(width);
        bars->setBarsGroup(group);
        QVector<double> keys, values;
        for (const api::SliceRow& row : r.rows) {
            const double v = metric == F1 ? row.f1
                             : metric == CrossUserF1 ? row.crossUserF1
                                                     : static_cast<double>(row.distinctOutputs);
            if (!std::isfinite(v))
                continue;
            keys << m_values.indexOf(QString::fromStdString(row.value));
            values << v;
            top = std::max(top, v);
        }
        bars->setData(keys, values);
        m_bars << bars;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int v = 0; v < m_values.size(); ++v)
        ticker->addTick(v, m_values[v]);
    xAxis->setTicker(ticker);
    xAxis->setTickLabelRotation(m_values.size() > 6 ? 30 : 0);
    xAxis->setLabel(QString::fromStdString(slices.attribute));
    xAxis->setRange(-0.6, std::max<int>(static_cast<int>(m_values.size()), 1) - 0.4);
    yAxis->setLabel(metric == F1 ? tr("F1 (weighted)") : metric == CrossUserF1 ? tr("F1 against other users' truths")
                                                                               : tr("Different answers"));
    yAxis->setRange(0.0, top > 0.0 ? top * 1.15 : 1.0);
    replot();
}

double SliceChart::barValue(int run, int value) const
{
    if (run < 0 || run >= m_bars.size())
        return std::numeric_limits<double>::quiet_NaN();
    const auto data = m_bars[run]->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it)
        if (static_cast<int>(it->key) == value)
            return it->value;
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace persona::ui
