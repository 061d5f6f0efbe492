// A QCustomPlot for metric curves over steps: named curves in a fixed palette, a legend, live
// appending with a queued replot (so many points per second do not stall the event loop), and
// PNG / PDF export through QCustomPlot. The scalar tools of TensorBoard-like viewers: smoothing
// (an exponential moving average drawn over the faded raw points), a log-scale value axis and a
// hover read-out of every curve at the step under the mouse, and a step or wall-time x axis (a
// curve's steps placed at the seconds its run had trained by then, from the time knots a view
// gives it). Leaves out where the points come from.
#pragma once

#include <qcustomplot.h>

#include <QHash>
#include <QPointer>
#include <QString>
#include <QVector>

class QCheckBox;
class QComboBox;
class QSlider;

namespace persona::ui {

enum class XAxisMode { Step, WallTime };

class CurvePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setAxisLabels(const QString& x, const QString& y);
    void clearCurves();
    // Adds a curve and returns its index. style Qt::DashLine draws a pinned baseline.
    int addCurve(const QString& name, const QVector<double>& steps, const QVector<double>& values,
                 Qt::PenStyle style = Qt::SolidLine);
    // Replaces a curve's points (given by step) whatever the x axis shows now.
    void setCurveData(QCPGraph* graph, const QVector<double>& steps, const QVector<double>& values);
    // Drops a curve's points after `step` (a resumed run redoing its steps), and its time knots.
    void removeAfterStep(QCPGraph* graph, double step);
    // Appends one point to curve `index` (NaN values are skipped) and schedules a replot.
    void appendPoint(int index, double step, double value);
    int curveCount() const { return graphCount(); }
    int pointCount(int index) const;
    // Fits the axes to the data and replots.
    void refit();

    // Smoothing weight in [0, 0.99]: each curve is also drawn as an exponential moving average
    // (s_i = w s_{i-1} + (1 - w) x_i) over its faded raw points; 0 draws the raw points only.
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }
    // The smoothed values of curve `index` as drawn (empty when smoothing is off).
    QVector<double> smoothedValues(int index) const;
    // A logarithmic value axis (non-positive values are not drawn on it).
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }
    // What the hover read-out says at `step`: each curve's point nearest to it, "name: value (step s)".
    QString readout(double step) const;

    // Wall time: where `graph`'s steps fall in seconds of training, as knots (step, seconds),
    // ascending in step; a step between knots is interpolated, one outside them takes the nearest
    // knot's time. A graph with no knots has no wall time: it is left out of the wall-time axis.
    void setTimeKnots(QCPGraph* graph, const QVector<double>& steps, const QVector<double>& seconds);
    void addTimeKnot(QCPGraph* graph, double step, double seconds); // a live run's newest step
    void setXAxisMode(XAxisMode mode);
    XAxisMode xAxisMode() const { return m_xMode; }
    // Seconds at `step` on graph's knots; NaN without knots.
    double secondsAt(const QCPGraph* graph, double step) const;
    // y at x on the piecewise-linear line through (xs, ys), xs ascending; the nearest end outside
    // them; NaN when empty.
    static double interpolate(const QVector<double>& xs, const QVector<double>& ys, double x);

    static QColor paletteColor(int index);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void syncSmoothing();
    // Shows graph's points at their steps or at their wall time, keeping the step-keyed points
    // aside while the axis is wall time.
    void applyXAxis(QCPGraph* graph);

    struct Knots {
        QVector<double> steps, seconds;
    };
    XAxisMode m_xMode = XAxisMode::Step;
    QString m_stepLabel;
    QHash<const QCPGraph*, Knots> m_knots;
    QHash<const QCPGraph*, QVector<QCPGraphData>> m_stepData; // while the axis is wall time

    struct Smoothed {
        QPointer<QCPGraph> raw;
        QPointer<QCPCurve> line;
    };
    QVector<Smoothed> m_smoothed;
    double m_smoothing = 0.0;
    bool m_logScale = false;
};

// A smoothing slider, a log-scale box and the x axis (step or wall time) for one or more
// CurvePlots (the Training view's loss and F1 plots, the Runs view's overlay).
class CurveControls : public QWidget {
    Q_OBJECT
public:
    CurveControls(const QVector<CurvePlot*>& plots, QWidget* parent = nullptr);
    QSlider* smoothingSlider() const { return m_slider; }
    QCheckBox* logScaleBox() const { return m_log; }
    QComboBox* xAxisBox() const { return m_xAxis; }

private:
    QVector<QPointer<CurvePlot>> m_plots;
    QSlider* m_slider = nullptr;
    QCheckBox* m_log = nullptr;
    QComboBox* m_xAxis = nullptr;
};

} // namespace persona::ui
