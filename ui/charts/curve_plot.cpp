#include "ui/charts/curve_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSlider>
#include <QToolTip>

#include <algorithm>
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
    m_stepLabel = tr("Step");
    xAxis->setLabel(m_stepLabel);
    setMouseTracking(true);
    // Smoothed lines follow their raw curves however the raw data changed (appended, replaced,
    // trimmed by a resume): recomputed right before each replot.
    connect(this, &QCustomPlot::beforeReplot, this, &CurvePlot::syncSmoothing);
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
    m_stepLabel = x;
    if (m_xMode == XAxisMode::Step)
        xAxis->setLabel(x);
    yAxis->setLabel(y);
}

void CurvePlot::clearCurves()
{
    clearPlottables(); // the curves and their smoothed lines
    m_smoothed.clear();
    m_knots.clear();
    m_stepData.clear();
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
    auto* line = new QCPCurve(xAxis, yAxis);
    line->removeFromLegend();
    line->setPen(QPen(paletteColor(index), 2.0, style));
    line->setVisible(false);
    m_smoothed.append({graph, line});
    applyXAxis(graph); // on a wall-time axis: not drawn until its knots come
    syncSmoothing();
    refit();
    return index;
}

void CurvePlot::appendPoint(int index, double step, double value)
{
    if (index < 0 || index >= graphCount() || !std::isfinite(value))
        return;
    QCPGraph* g = graph(index);
    if (m_xMode == XAxisMode::WallTime) {
        m_stepData[g].append(QCPGraphData(step, value));
        const double seconds = secondsAt(g, step);
        if (std::isfinite(seconds))
            g->addData(seconds, value);
    } else {
        g->addData(step, value);
    }
    rescaleAxes();
    replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::setCurveData(QCPGraph* graph, const QVector<double>& steps, const QVector<double>& values)
{
    if (!graph)
        return;
    graph->setData(steps, values, true);
    m_stepData.remove(graph);
    applyXAxis(graph);
}

void CurvePlot::removeAfterStep(QCPGraph* graph, double step)
{
    if (!graph)
        return;
    if (m_stepData.contains(graph)) {
        QVector<QCPGraphData>& kept = m_stepData[graph];
        kept.erase(std::remove_if(kept.begin(), kept.end(), [step](const QCPGraphData& d) { return d.key > step; }),
                   kept.end());
    } else {
        graph->data()->removeAfter(step);
    }
    if (auto it = m_knots.find(graph); it != m_knots.end())
        while (!it->steps.isEmpty() && it->steps.back() > step) {
            it->steps.removeLast();
            it->seconds.removeLast();
        }
    applyXAxis(graph);
}

double CurvePlot::secondsAt(const QCPGraph* graph, double step) const
{
    const auto it = m_knots.constFind(graph);
    return it == m_knots.constEnd() ? std::nan("") : interpolate(it->steps, it->seconds, step);
}

double CurvePlot::interpolate(const QVector<double>& xs, const QVector<double>& ys, double x)
{
    if (xs.isEmpty() || ys.size() != xs.size())
        return std::nan("");
    if (x <= xs.front())
        return ys.front();
    if (x >= xs.back())
        return ys.back();
    const qsizetype i = std::upper_bound(xs.begin(), xs.end(), x) - xs.begin();
    const double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ys[i - 1] + f * (ys[i] - ys[i - 1]);
}

void CurvePlot::setTimeKnots(QCPGraph* graph, const QVector<double>& steps, const QVector<double>& seconds)
{
    if (!graph)
        return;
    Knots k;
    for (qsizetype i = 0; i < std::min(steps.size(), seconds.size()); ++i)
        if (std::isfinite(steps[i]) && std::isfinite(seconds[i]) && (k.steps.isEmpty() || steps[i] > k.steps.back())) {
            k.steps << steps[i];
            k.seconds << seconds[i];
        }
    m_knots[graph] = k;
    applyXAxis(graph);
}

void CurvePlot::addTimeKnot(QCPGraph* graph, double step, double seconds)
{
    if (!graph || !std::isfinite(step) || !std::isfinite(seconds))
        return;
    Knots& k = m_knots[graph];
    if (!k.steps.isEmpty() && step <= k.steps.back())
        return;
    k.steps << step;
    k.seconds << seconds;
}

void CurvePlot::applyXAxis(QCPGraph* graph)
{
    if (m_xMode == XAxisMode::Step) {
        if (m_stepData.contains(graph))
            graph->data()->set(m_stepData.take(graph), true);
        return;
    }
    if (!m_stepData.contains(graph)) {
        QVector<QCPGraphData> steps;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            steps << *it;
        m_stepData.insert(graph, steps);
    }
    QVector<QCPGraphData> timed;
    for (const QCPGraphData& d : m_stepData.value(graph)) {
        const double seconds = secondsAt(graph, d.key);
        if (std::isfinite(seconds))
            timed << QCPGraphData(seconds, d.value);
    }
    graph->data()->set(timed, false);
}

void CurvePlot::setXAxisMode(XAxisMode mode)
{
    if (mode == m_xMode)
        return;
    m_xMode = mode;
    for (int i = 0; i < graphCount(); ++i)
        applyXAxis(graph(i));
    xAxis->setLabel(mode == XAxisMode::WallTime ? tr("Wall time (s of training)") : m_stepLabel);
    syncSmoothing();
    refit();
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

void CurvePlot::syncSmoothing()
{
    const bool on = m_smoothing > 0.0;
    for (qsizetype i = m_smoothed.size() - 1; i >= 0; --i) {
        Smoothed& s = m_smoothed[i];
        if (!s.raw || !s.line) { // the curve went (a view cleared its graphs): its line goes too
            if (s.line)
                removePlottable(s.line.data());
            m_smoothed.removeAt(i);
            continue;
        }
        QColor color = s.raw->pen().color();
        color.setAlpha(on ? 70 : 255);
        QPen pen = s.raw->pen();
        pen.setColor(color);
        pen.setWidthF(on ? 1.0 : 2.0);
        s.raw->setPen(pen);
        s.line->setVisible(on && s.raw->visible());
        if (!on)
            continue;
        QVector<double> keys, values;
        double state = 0.0;
        bool first = true;
        for (auto it = s.raw->data()->constBegin(); it != s.raw->data()->constEnd(); ++it) {
            if (!std::isfinite(it->value))
                continue;
            state = first ? it->value : m_smoothing * state + (1.0 - m_smoothing) * it->value;
            first = false;
            keys << it->key;
            values << state;
        }
        QColor lineColor = color;
        lineColor.setAlpha(255);
        QPen linePen = s.line->pen();
        linePen.setColor(lineColor);
        s.line->setPen(linePen);
        s.line->setData(keys, values);
    }
}

void CurvePlot::setSmoothing(double weight)
{
    m_smoothing = std::clamp(std::isfinite(weight) ? weight : 0.0, 0.0, 0.99);
    syncSmoothing();
    replot(QCustomPlot::rpQueuedReplot);
}

QVector<double> CurvePlot::smoothedValues(int index) const
{
    QVector<double> out;
    if (m_smoothing <= 0.0 || index < 0 || index >= graphCount())
        return out;
    for (const Smoothed& s : m_smoothed)
        if (s.raw == graph(index) && s.line)
            for (auto it = s.line->data()->constBegin(); it != s.line->data()->constEnd(); ++it)
                out << it->value;
    return out;
}

void CurvePlot::setLogScale(bool on)
{
    m_logScale = on;
    yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    refit();
}

QString CurvePlot::readout(double step) const
{
    QStringList lines;
    for (int i = 0; i < graphCount(); ++i) {
        const QCPGraph* g = graph(i);
        if (g->dataCount() == 0 || !g->visible() || g->name().isEmpty()) // unnamed: a spread band's edge
            continue;
        auto it = g->data()->findBegin(step, true);
        auto best = g->data()->constEnd();
        for (int k = 0; k < 2 && it != g->data()->constEnd(); ++k, ++it)
            if (best == g->data()->constEnd() || std::abs(it->key - step) < std::abs(best->key - step))
                best = it;
        if (best == g->data()->constEnd())
            continue;
        if (m_xMode == XAxisMode::WallTime)
            lines << tr("%1: %2 (at %3 s)").arg(g->name()).arg(best->value, 0, 'g', 6).arg(best->key, 0, 'f', 1);
        else
            lines << tr("%1: %2 (step %3)").arg(g->name()).arg(best->value, 0, 'g', 6).arg(best->key, 0, 'g', 8);
    }
    return lines.join(QLatin1Char('\n'));
}

void CurvePlot::mouseMoveEvent(QMouseEvent* event)
{
    QCustomPlot::mouseMoveEvent(event);
    if (!axisRect()->rect().contains(event->pos())) {
        QToolTip::hideText();
        return;
    }
    const QString text = readout(xAxis->pixelToCoord(event->pos().x()));
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

CurveControls::CurveControls(const QVector<CurvePlot*>& plots, QWidget* parent)
    : QWidget(parent)
{
    for (CurvePlot* p : plots)
        m_plots << p;
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("smoothingSlider"));
    m_slider->setRange(0, 99);
    m_slider->setValue(0);
    m_slider->setMaximumWidth(180);
    m_slider->setToolTip(tr("Smoothing: an exponential moving average over the faded raw points (0: none)"));
    auto* value = new QLabel(QStringLiteral("0.00"), this);
    m_log = new QCheckBox(tr("Log scale"), this);
    m_log->setObjectName(QStringLiteral("logScaleBox"));
    connect(m_slider, &QSlider::valueChanged, this, [this, value](int v) {
        value->setText(QString::number(v / 100.0, 'f', 2));
        for (const auto& p : m_plots)
            if (p)
                p->setSmoothing(v / 100.0);
    });
    connect(m_log, &QCheckBox::toggled, this, [this](bool on) {
        for (const auto& p : m_plots)
            if (p)
                p->setLogScale(on);
    });
    m_xAxis = new QComboBox(this);
    m_xAxis->setObjectName(QStringLiteral("xAxisBox"));
    m_xAxis->addItem(tr("Step"), static_cast<int>(XAxisMode::Step));
    m_xAxis->addItem(tr("Wall time"), static_cast<int>(XAxisMode::WallTime));
    m_xAxis->setToolTip(tr("The x axis: training steps, or seconds of training (a resumed run's earlier legs "
                           "included; runs trained before wall time was recorded are left out)"));
    connect(m_xAxis, &QComboBox::currentIndexChanged, this, [this] {
        const auto mode = static_cast<XAxisMode>(m_xAxis->currentData().toInt());
        for (const auto& p : m_plots)
            if (p)
                p->setXAxisMode(mode);
    });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Smoothing:"), this));
    layout->addWidget(m_slider);
    layout->addWidget(value);
    layout->addSpacing(12);
    layout->addWidget(m_log);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("X axis:"), this));
    layout->addWidget(m_xAxis);
    layout->addStretch(1);
}

} // namespace persona::ui
