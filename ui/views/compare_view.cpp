#include "ui/views/compare_view.h"

#include "core/eval/baselines.h"
#include "ui/views/compare_column.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace persona::ui {

QString CompareView::methodTitle(Method method)
{
    switch (method) {
    case TextPrompting: return tr("Text prompting");
    case Persoma: return tr("PERSOMA");
    case Milp: return tr("MiLP");
    case Counting: return tr("Counting");
    case Truth: return tr("Truth");
    default: return {};
    }
}

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
{
    m_header = new QLabel(tr("Select a user in the Data view."), this);
    m_header->setWordWrap(true);
    m_runAll = new QPushButton(tr("Run All Methods"), this);
    m_runAll->setEnabled(false);
    m_runAll->setToolTip(tr("Needs the trainer (a trained PERSOMA or MiLP run); Counting and Truth update by themselves."));
    m_next = new QPushButton(tr("Next Disagreement"), this);
    m_next->setEnabled(false);
    m_next->setToolTip(tr("Steps to the next user where the methods disagree, once model columns are filled."));
    auto* top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_runAll);
    top->addWidget(m_next);

    auto* columns = new QWidget(this);
    auto* row = new QHBoxLayout(columns);
    for (int m = 0; m < MethodCount; ++m) {
        m_columns[m] = new CompareColumn(methodTitle(static_cast<Method>(m)), columns);
        row->addWidget(m_columns[m], 1);
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    setContext(nullptr, -1, {}, data::SamplingStrategy::Recency);
}

void CompareView::setContext(DatasetPtr dataset, int userIndex, const std::vector<std::size_t>& kept,
                             data::SamplingStrategy strategy)
{
    m_dataset = std::move(dataset);
    m_user = m_dataset && userIndex >= 0 && static_cast<std::size_t>(userIndex) < m_dataset->dataset.users.size() ? userIndex : -1;
    m_kept = kept;
    const QString waiting = tr("Needs a trained run: the trainer is not connected to the workbench yet.");
    m_columns[TextPrompting]->setPlaceholder(tr("Needs the decoder run through the trainer facade (not connected yet)."));
    m_columns[Persoma]->setPlaceholder(waiting);
    m_columns[Milp]->setPlaceholder(waiting);
    if (m_user < 0) {
        m_header->setText(tr("Select a user in the Data view."));
        m_columns[Counting]->clear();
        m_columns[Truth]->clear();
        return;
    }
    const data::Dataset& ds = m_dataset->dataset;
    const data::User& user = ds.users[static_cast<std::size_t>(m_user)];
    m_header->setText(tr("User %1: %2 sampled with %3 from %4 rated items.")
                          .arg(QString::fromStdString(user.key))
                          .arg(m_kept.size())
                          .arg(samplingLabel(strategy))
                          .arg(user.history.size()));
    const data::GenreLabels& truth = m_dataset->labels[static_cast<std::size_t>(m_user)];
    ColumnResult truthResult;
    truthResult.output = QString::fromStdString(data::targetText(ds, truth));
    truthResult.predicted = truth;
    m_columns[Truth]->setResult(ds, truthResult, nullptr);
    fillCounting(user, truth);
}

void CompareView::fillCounting(const data::User& user, const data::GenreLabels& truth)
{
    const data::Dataset& ds = m_dataset->dataset;
    QElapsedTimer timer;
    timer.start();
    ColumnResult result;
    result.predicted = eval::countingBaseline(ds, user, m_kept);
    result.latencyMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result.output = QString::fromStdString(data::targetText(ds, result.predicted));
    result.f1 = userF1(ds, truth, result.predicted);
    m_columns[Counting]->setResult(ds, result, &truth);
}

} // namespace persona::ui
