#include "ui/views/explain_panel.h"

#include "ui/charts/item_effect_plot.h"

#include "core/api/explain.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include <cmath>

namespace persona::ui {

ExplainPanel::ExplainPanel(QWidget* parent)
    : QGroupBox(tr("Item attribution"), parent)
{
    setObjectName(QStringLiteral("explainPanel"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("explainSummary"));
    m_plot = new ItemEffectPlot(this);
    m_export = new QPushButton(tr("Export Attribution…"), this);
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &ExplainPanel::clearExplanation);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Item Attribution"), QString(),
                                                          tr("CSV (*.csv);;JSON (*.json)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!exportExplanation(path, &error))
            m_summary->setText(error);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_plot, 1);
    layout->addLayout(buttons);
    clearExplanation();
}

void ExplainPanel::clearExplanation()
{
    m_hasExplanation = false;
    m_view = {};
    m_plot->clearEffects();
    m_summary->clear();
    m_export->setEnabled(false);
    setVisible(false);
}

void ExplainPanel::setBusy(const QString& what, const QString& user)
{
    clearExplanation();
    setTitle(tr("Item attribution: %1, user %2").arg(what, user));
    m_summary->setText(tr("Leaving out each shown item in turn…"));
    setVisible(true);
}

void ExplainPanel::setError(const QString& message)
{
    clearExplanation();
    m_summary->setText(tr("No attribution: %1").arg(message));
    setVisible(true);
}

void ExplainPanel::setExplanation(const QString& what, const api::ExplainView& view)
{
    m_view = view;
    m_hasExplanation = true;
    setTitle(tr("Item attribution: %1, user %2").arg(what, QString::fromStdString(view.full.user)));
    m_plot->setEffects(view);
    int changed = 0;
    const api::ItemEffectView* strongest = nullptr;
    for (const auto& item : view.items) {
        changed += api::answerChanged(view.full, item.leftOut, item.appeared, item.vanished);
        if (std::isfinite(item.answerDelta) && (!strongest || item.answerDelta < strongest->answerDelta))
            strongest = &item;
    }
    const int shown = int(view.items.size());
    QString text = view.full.task == "next-item"
                       ? tr("Left out one at a time, %1 of the %n shown item(s) change the answer.", nullptr, shown).arg(changed)
                       : tr("Left out one at a time, %1 of the %n shown item(s) change the answer's genres (marked *).",
                            nullptr, shown)
                             .arg(changed);
    if (view.scored)
        text += QLatin1Char(' ') + tr("Bars: change in log-probability of this answer (blue) and of the truth (orange) "
                                      "without the item; left means the item supported it.");
    if (strongest && strongest->answerDelta < 0.0)
        text += QLatin1Char(' ') + tr("Most support for the answer: %1 (%2).")
                                       .arg(QString::fromStdString(strongest->title))
                                       .arg(strongest->answerDelta, 0, 'f', 2);
    text += QLatin1Char(' ') + tr("%1 s.").arg(view.seconds, 0, 'f', 1);
    m_summary->setText(text);
    m_export->setEnabled(true);
    setVisible(true);
}

QString ExplainPanel::summary() const
{
    return m_summary->text();
}

bool ExplainPanel::exportExplanation(const QString& path, QString* error) const
{
    if (!m_hasExplanation) {
        if (error)
            *error = tr("No attribution to export.");
        return false;
    }
    const std::string text = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)
                                 ? api::explainCsv(m_view)
                                 : api::explainJson(m_view).dump(2) + "\n";
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
        !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace persona::ui
