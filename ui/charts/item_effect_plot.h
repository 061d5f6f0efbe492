// Item attribution as horizontal bars (QCustomPlot): one row per shown history item, the change in
// log-probability of the method's own answer and of the truth when that item is left out. A bar
// to the left means the item supported that text. Rows whose answer changed carry a mark. For the
// Perceiver adapter, a third (green) bar per item on the top axis: its share of the latents'
// attention, beside leave-one-out.
// Leaves out computing the effects (api::TrainedRun::explain).
#pragma once

#include "core/api/trained_run.h"

#include <qcustomplot.h>

namespace persona::ui {

class ItemEffectPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ItemEffectPlot(QWidget* parent = nullptr);

    void setEffects(const api::ExplainView& view);
    void clearEffects();
    int rows() const { return m_rows; }
    // The row labels as shown (titles, a "*" before items whose removal changed the answer).
    QStringList rowLabels() const { return m_labels; }
    // The bar values of a row: answer and truth deltas.
    double answerDelta(int row) const;
    double truthDelta(int row) const;
    bool showsAttention() const;
    double attention(int row) const; // NaN without attention

private:
    QCPBars* m_answer = nullptr;
    QCPBars* m_truth = nullptr;
    QCPBars* m_attention = nullptr; // on xAxis2: shares in [0, 1]
    QStringList m_labels;
    int m_rows = 0;
};

// "Title (rated 4)", elided in the middle past maxChars, with "* " when the answer's genres changed.
QString itemEffectLabel(const api::ItemEffectView& item, int maxChars = 34);

} // namespace persona::ui
