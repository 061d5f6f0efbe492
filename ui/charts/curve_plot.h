// A QCustomPlot for metric curves over steps: named curves in a fixed palette, a legend, live
// appending with a queued replot (so many points per second do not stall the event loop), and
// PNG / PDF export through QCustomPlot. The scalar tools of TensorBoard-like viewers: smoothing
// (an exponential moving average drawn over the faded raw points), a log-scale value axis and a
// hover read-out of every curve at the step under the mouse. Leaves out where the points come from.
#pragma once

#include <qcustomplot.h>

#include <QPointer>
#include <QString>
#include <QVector>

class QCheckBox;
class QSlider;

namespace persona::ui {

class CurvePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setAxisLabels(const QString& x, const QString& y);
    void clearCurves();
    // Adds a curve and returns its index. style Qt::DashLine draws a pinned baseline.
    int addCurve(const QString& name, const QVector<double>& steps, const QVector<double>& values,
                 Qt::PenStyle style = Qt::SolidLine);
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

    static QColor paletteColor(int index);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void syncSmoothing();

    struct Smoothed {
        QPointer<QCPGraph> raw;
        QPointer<QCPCurve> line;
    };
    QVector<Smoothed> m_smoothed;
    double m_smoothing = 0.0;
    bool m_logScale = false;
};

// A smoothing slider and a log-scale box for one or more CurvePlots (the Training view's loss
// and F1 plots, the Runs view's overlay).
class CurveControls : public QWidget {
    Q_OBJECT
public:
    CurveControls(const QVector<CurvePlot*>& plots, QWidget* parent = nullptr);
    QSlider* smoothingSlider() const { return m_slider; }
    QCheckBox* logScaleBox() const { return m_log; }

private:
    QVector<QPointer<CurvePlot>> m_plots;
    QSlider* m_slider = nullptr;
    QCheckBox* m_log = nullptr;
};

} // namespace persona::ui
