#include "ui/charts/curve_plot.h"

#include <cmath>

namespace persona::ui {

CurvePlot::CurvePlot(QWidget* parent)
    : QCustomPlot(parent)
{
    legend->setVisible(false); // shown once there is a curve: an empty legend is a stray box
    legend->setFont(font());
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumSize(240, 160);
    xAxis->setLabel(tr("Step"));
}

QColor CurvePlot::paletteColor(int index)
{
    // Okabe-Ito: distinguishable for colour-blind readers.
    static const QColor colors[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115),
                                    QColor(213, 94, 0), QColor(204, 121, 167), QColor(86, 180, 233),
                                    QColor(240, 228, 66), QColor(0, 0, 0)};
    return colors[index % 8];
}

void CurvePlot::setAxisLabels(const QString& x, const QString& y)
{
    xAxis->setLabel(x);
    yAxis->setLabel(y);
}

void CurvePlot::clearCurves()
{
    clearGraphs();
    legend->setVisible(false);
    replot(QCustomPlot::rpQueuedReplot);
}

int CurvePlot::addCurve(const QString& name, const QVector<double>& steps, const QVector<double>& values,
                        Qt::PenStyle style)
{
    QCPGraph* graph = addGraph();
    const int index = graphCount() - 1;
    QPen pen(paletteColor(index), 2.0, style);
    graph->setPen(pen);
    graph->setName(name);
    legend->setVisible(true);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    QVector<double> xs, ys;
    for (qsizetype i = 0; i < std::min(steps.size(), values.size()); ++i) {
        if (std::isfinite(values[i])) {
            xs << steps[i];
            ys << values[i];
        }
    }
    graph->setData(xs, ys, true);
    refit();
    return index;
}

void CurvePlot::appendPoint(int index, double step, double value)
{
    if (index < 0 || index >= graphCount() || !std::isfinite(value))
        return;
    graph(index)->addData(step, value);
    rescaleAxes();
    replot(QCustomPlot::rpQueuedReplot);
}

int CurvePlot::pointCount(int index) const
{
    return index >= 0 && index < graphCount() ? graph(index)->dataCount() : 0;
}

void CurvePlot::refit()
{
    bool hasData = false;
    for (int i = 0; i < graphCount(); ++i)
        hasData |= graph(i)->dataCount() > 0;
    if (!hasData) { // keep the default ranges rather than collapsing them
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    rescaleAxes();
    // A single point or a flat curve gives an empty range; widen it so the point shows.
    for (QCPAxis* axis : {xAxis, yAxis}) {
        const QCPRange range = axis->range();
        if (range.size() <= 0.0)
            axis->setRange(range.lower - 1.0, range.upper + 1.0);
        else
            axis->scaleRange(1.05, range.center());
    }
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace persona::ui
