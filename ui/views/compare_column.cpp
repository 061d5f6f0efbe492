#include "ui/views/compare_column.h"

#include "core/eval/classification_metrics.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>

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
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_genres);
    layout->addWidget(m_metrics);
    clear();
}

void CompareColumn::setResult(const data::Dataset& ds, const ColumnResult& result, const data::GenreLabels* truth)
{
    m_hasResult = true;
    m_output->setPlainText(result.output);
    m_genres->setText(tr("<b>Liked:</b> %1<br><b>Not liked:</b> %2")
                          .arg(genreSpans(ds, result.predicted.liked, truth ? &truth->liked : nullptr),
                               genreSpans(ds, result.predicted.disliked, truth ? &truth->disliked : nullptr)));
    const QString none = QStringLiteral("—");
    m_metrics->setText(tr("F1: %1   Tokens: %2   Latency: %3")
                           .arg(result.f1 ? QString::number(*result.f1, 'f', 3) : none,
                                result.inputTokens ? QString::number(*result.inputTokens) : none,
                                result.latencyMs ? tr("%1 ms").arg(*result.latencyMs, 0, 'f', 3) : none));
}

void CompareColumn::setPlaceholder(const QString& text)
{
    clear();
    m_output->setPlaceholderText(text);
}

void CompareColumn::clear()
{
    m_hasResult = false;
    m_output->clear();
    m_genres->setText(tr("<b>Liked:</b> —<br><b>Not liked:</b> —"));
    m_metrics->setText(tr("F1: —   Tokens: —   Latency: —"));
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
