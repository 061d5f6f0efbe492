// The Compare view's item attribution pane, full width under the columns: which column's run and
// user it explains, a summary line, a bar per shown history item (ItemEffectPlot) and an export to
// CSV or JSON. Leaves out computing the attribution (api::TrainedRun::explain through the worker).
#pragma once

#include "core/api/trained_run.h"

#include <QGroupBox>

class QLabel;
class QPushButton;

namespace persona::ui {

class ItemEffectPlot;

class ExplainPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget* parent = nullptr);

    // `what` names the column's method and run ("PERSOMA, #2 teaching").
    void setBusy(const QString& what, const QString& user);
    void setExplanation(const QString& what, const api::ExplainView& view);
    void setError(const QString& message);
    void clearExplanation(); // hides the pane

    bool hasExplanation() const { return m_hasExplanation; }
    ItemEffectPlot* effectPlot() const { return m_plot; }
    QString summary() const;
    // Writes the shown attribution as CSV (".csv") or JSON (any other suffix) through a QSaveFile.
    // False with a message in `error` when the file cannot be written; nothing half-written is left.
    bool exportExplanation(const QString& path, QString* error) const;

private:
    QLabel* m_summary = nullptr;
    ItemEffectPlot* m_plot = nullptr;
    QPushButton* m_export = nullptr;
    api::ExplainView m_view;
    bool m_hasExplanation = false;
};

} // namespace persona::ui
