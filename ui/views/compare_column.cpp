#include "ui/views/compare_column.h"

#include "ui/views/personalization_text.h"
#include "ui/workers/loaded_dataset.h"

#include "core/eval/classification_metrics.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace persona::ui {

namespace {
const char* kRight = "#1a7f37";
const char* kWrong = "#cf222e";

QString genreSpans(const data::Dataset& ds, const std::vector<std::uint16_t>& genres,
                   const std::vector<std::uint16_t>* truth)
{
    if (genres.empty())
        return QCoreApplication::translate("persona::ui::CompareColumn", "none");
    QStringList parts;
    for (std::uint16_t g : genres) {
        const QString name = QString::fromStdString(ds.genres.at(g)).toHtmlEscaped();
        if (!truth) {
            parts << name;
            continue;
        }
        const bool right = std::find(truth->begin(), truth->end(), g) != truth->end();
        parts << QStringLiteral("<span style=\"color:%1\">%2 %3</span>")
                     .arg(QLatin1String(right ? kRight : kWrong), right ? QStringLiteral("✓") : QStringLiteral("✗"), name);
    }
    return parts.join(QStringLiteral(", "));
}
} // namespace

double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const data::GenreLabels& predicted)
{
    eval::MultiLabelScorer scorer(ds.genres);
    scorer.add(truth, predicted);
    return scorer.result().weighted.f1;
}

CompareColumn::CompareColumn(const QString& title, QWidget* parent)
    : QGroupBox(title, parent)
{
    m_output = new QPlainTextEdit(this);
    m_output->setReadOnly(true);
    m_output->setMinimumWidth(150);
    m_genres = new QLabel(this);
    m_genres->setWordWrap(true);
    m_genres->setTextFormat(Qt::RichText);
    m_genres->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_metrics = new QLabel(this);
    m_metrics->setWordWrap(true);
    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);
    m_notice->setObjectName(QStringLiteral("columnNotice"));
    m_notice->setStyleSheet(QStringLiteral("color: %1;").arg(QString::fromLatin1(kWarningColor)));
    m_notice->setVisible(false);
    // The exact input behind the answer, on demand.
    m_showInput = new QPushButton(tr("Show Input"), this);
    m_showInput->setCheckable(true);
    m_showInput->setObjectName(QStringLiteral("showInputButton"));
    m_showInput->setToolTip(tr("The history items this column's method was shown and the decoder's input as text"));
    m_input = new QPlainTextEdit(this);
    m_input->setReadOnly(true);
    m_input->setVisible(false);
    connect(m_showInput, &QPushButton::toggled, m_input, &QWidget::setVisible);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_notice);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_genres);
    layout->addWidget(m_metrics);
    layout->addWidget(m_showInput);
    layout->addWidget(m_input, 1);
    clear();
}

QString CompareColumn::inputText() const
{
    return m_input->toPlainText();
}

void CompareColumn::setResult(const data::Dataset& ds, const ColumnResult& result, const data::GenreLabels* truth)
{
    m_hasResult = true;
    m_notice->setText(result.notice);
    m_notice->setVisible(!result.notice.isEmpty());
    m_output->setPlainText(result.output);
    QString input;
    if (!result.shownItems.isEmpty())
        input = tr("Shown items (%1):").arg(result.shownItems.size()) + QLatin1Char('\n') +
                result.shownItems.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
    if (!result.input.isEmpty())
        input += tr("Decoder input:") + QLatin1Char('\n') + result.input;
    m_input->setPlainText(input);
    m_showInput->setEnabled(!input.isEmpty());
    const QString none = QStringLiteral("—");
    auto number = [&](const std::optional<double>& v) { return v ? QString::number(*v, 'f', 3) : none; };
    const QString tokens = result.inputTokens ? QString::number(*result.inputTokens) : none;
    const QString latency = result.latencyMs ? tr("%1 ms").arg(*result.latencyMs, 0, 'f', 3) : none;
    if (result.nextItem) {
        m_genres->setText(tr("<b>Next item:</b> %1").arg(result.target.toHtmlEscaped()));
        m_metrics->setText(tr("ROUGE-1: %1   ROUGE-L: %2   Persona-F1: %3   Tokens: %4   Latency: %5")
                               .arg(number(result.rouge1), number(result.rougeL), number(result.personaF1), tokens, latency));
        return;
    }
    m_genres->setText(tr("<b>Liked:</b> %1<br><b>Not liked:</b> %2")
                          .arg(genreSpans(ds, result.predicted.liked, truth ? &truth->liked : nullptr),
                               genreSpans(ds, result.predicted.disliked, truth ? &truth->disliked : nullptr)));
    m_metrics->setText(tr("F1: %1   Tokens: %2   Latency: %3").arg(number(result.f1), tokens, latency));
}

void CompareColumn::enableRunChooser()
{
    if (m_runs)
        return;
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    m_runs = new QComboBox(this);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setMinimumContentsLength(12);
    m_runs->setToolTip(tr("The trained run this column predicts with"));
    connect(m_runs, &QComboBox::currentIndexChanged, this, &CompareColumn::runChanged);
    layout->insertWidget(0, m_runs);
    m_note = new QLineEdit(this);
    m_note->setPlaceholderText(tr("Note on this prediction"));
    m_tags = new QLineEdit(this);
    m_tags->setPlaceholderText(tr("Tags, comma separated"));
    m_saveNote = new QPushButton(tr("Save Note"), this);
    connect(m_saveNote, &QPushButton::clicked, this, [this] {
        emit noteSaveRequested(m_predictionId, m_note->text(), tagsFromText(m_tags->text()));
    });
    auto* form = new QFormLayout;
    form->addRow(tr("Note:"), m_note);
    form->addRow(tr("Tags:"), m_tags);
    form->addRow(m_saveNote);
    layout->addLayout(form);
    setPredictionId(0);

    // Item attribution, on demand: it generates once per shown item (the view shows it).
    m_explain = new QPushButton(tr("Explain Items"), this);
    m_explain->setObjectName(QStringLiteral("explainButton"));
    m_explain->setToolTip(tr("Leave each shown history item out in turn and measure how this run's answer changes"));
    m_explain->setEnabled(false);
    connect(m_explain, &QPushButton::clicked, this, &CompareColumn::explainRequested);
    layout->addWidget(m_explain);
}

void CompareColumn::setPredictionId(qint64 id)
{
    m_predictionId = id;
    if (!m_note)
        return;
    m_note->clear();
    m_tags->clear();
    for (QWidget* w : {static_cast<QWidget*>(m_note), static_cast<QWidget*>(m_tags), static_cast<QWidget*>(m_saveNote)}) {
        w->setEnabled(id > 0);
        w->setToolTip(id > 0 ? tr("Saved with prediction %1 in the experiment store").arg(id)
                             : tr("Run a prediction with a store open to attach a note"));
    }
}

void CompareColumn::setNote(const QString& note, const QStringList& tags)
{
    if (!m_note)
        return;
    m_note->setText(note);
    m_tags->setText(tags.join(QStringLiteral(", ")));
}

QString CompareColumn::placeholderText() const
{
    return m_output->placeholderText();
}

void CompareColumn::setPlaceholder(const QString& text)
{
    clear();
    m_output->setPlaceholderText(text);
}

void CompareColumn::clear()
{
    m_hasResult = false;
    if (m_explain)
        m_explain->setEnabled(false);
    setPredictionId(0);
    m_notice->clear();
    m_notice->setVisible(false);
    m_output->clear();
    m_input->clear();
    m_showInput->setEnabled(false);
    m_genres->setText(tr("<b>Liked:</b> —<br><b>Not liked:</b> —"));
    m_metrics->setText(tr("F1: —   Tokens: —   Latency: —"));
}

QString CompareColumn::notice() const
{
    return m_notice->text();
}

QString CompareColumn::outputText() const
{
    return m_output->toPlainText();
}

QString CompareColumn::genresHtml() const
{
    return m_genres->text();
}

QString CompareColumn::metricsText() const
{
    return m_metrics->text();
}

} // namespace persona::ui
