// Slices as grouped bars (QCustomPlot): one group per value of the chosen user attribute, one bar
// per run (Okabe-Ito colours, a legend of the runs), the chosen metric's value; a run that could
// not be sliced has no bars. Leaves out computing the slices (api::storedSlices).
#pragma once

#include "core/api/stored_slices.h"

#include <qcustomplot.h>

namespace persona::ui {

class SliceChart : public QCustomPlot {
    Q_OBJECT
public:
    enum Metric { F1, CrossUserF1, DistinctAnswers };
    explicit SliceChart(QWidget* parent = nullptr);

    void setSlices(const api::StoredSlices& slices, Metric metric);
    void clearSlices();
    // What is drawn (tests): the group labels in order, and the bar of a run at a value (NaN: none).
    QStringList valueLabels() const { return m_values; }
    int runCount() const { return static_cast<int>(m_bars.size()); }
    double barValue(int run, int value) const;

private:
    QList<QCPBars*> m_bars;
    QStringList m_values;
};

} // namespace persona::ui
