// A QCustomPlot for metric curves over steps: named curves in a fixed palette, a legend, live
// appending with a queued replot (so many points per second do not stall the event loop), and
// PNG / PDF export through QCustomPlot. Leaves out where the points come from (views).
#pragma once

#include <qcustomplot.h>

#include <QString>
#include <QVector>

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

    static QColor paletteColor(int index);
};

} // namespace persona::ui
