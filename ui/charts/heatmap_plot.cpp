#include "ui/charts/heatmap_plot.h"

#include <algorithm>

namespace persona::ui {

namespace {
QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels)
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels[i]);
    return ticker;
}
} // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent)
    : QCustomPlot(parent)
{
    setMinimumSize(240, 200);
    m_map = new QCPColorMap(xAxis, yAxis);
    m_scale = new QCPColorScale(this);
    plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("Cosine similarity"));
    m_map->setColorScale(m_scale);
    // Viridis (perceptually uniform, colour-blind safe); this QCustomPlot has no preset for it.
    QCPColorGradient viridis;
    viridis.clearColorStops();
    viridis.setColorStopAt(0.0, QColor(68, 1, 84));
    viridis.setColorStopAt(0.25, QColor(59, 82, 139));
    viridis.setColorStopAt(0.5, QColor(33, 145, 140));
    viridis.setColorStopAt(0.75, QColor(94, 201, 98));
    viridis.setColorStopAt(1.0, QColor(253, 231, 37));
    m_map->setGradient(viridis);
    m_map->setInterpolate(false);
    auto* group = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    xAxis->setLabel(tr("Neighbour rank"));
    yAxis->setLabel(tr("Soft-prompt token"));
    yAxis->setRangeReversed(true);
}

void HeatmapPlot::setMatrix(const QStringList& rowLabels, const QStringList& columnLabels, const QVector<double>& values)
{
    m_rows = static_cast<int>(rowLabels.size());
    m_columns = static_cast<int>(columnLabels.size());
    if (m_rows == 0 || m_columns == 0 || values.size() != qsizetype(m_rows) * m_columns) {
        clearMatrix();
        return;
    }
    m_map->data()->setSize(m_columns, m_rows);
    m_map->data()->setRange(QCPRange(0, m_columns - 1), QCPRange(0, m_rows - 1));
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_columns; ++c)
            m_map->data()->setCell(c, r, values[qsizetype(r) * m_columns + c]);
    m_map->rescaleDataRange(true);
    xAxis->setTicker(textTicker(columnLabels));
    yAxis->setTicker(textTicker(rowLabels));
    xAxis->setRange(-0.5, m_columns - 0.5);
    yAxis->setRange(-0.5, m_rows - 0.5);
    replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapPlot::setAxisLabels(const QString& x, const QString& y, const QString& scale)
{
    xAxis->setLabel(x);
    yAxis->setLabel(y);
    m_scale->axis()->setLabel(scale);
    replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapPlot::clearMatrix()
{
    m_rows = m_columns = 0;
    m_map->data()->clear();
    m_map->setDataRange(QCPRange(0.0, 1.0));
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace persona::ui
