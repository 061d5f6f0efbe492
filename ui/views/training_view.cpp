#include "ui/views/training_view.h"

#include "ui/charts/curve_plot.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace persona::ui {

namespace {
constexpr int kTrainLoss = 0;
constexpr int kValLoss = 1;
constexpr int kValF1 = 0;
constexpr int kTrials = 0;
constexpr int kFront = 1;
} // namespace

TrainingView::TrainingView(QWidget* parent)
    : QWidget(parent)
{
    m_start = new QPushButton(tr("&Start"), this);
    m_pause = new QPushButton(tr("&Pause"), this);
    m_cancel = new QPushButton(tr("&Cancel"), this);
    connect(m_start, &QPushButton::clicked, this, &TrainingView::startRequested);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_state == State::Running)
            emit pauseRequested();
        else if (m_state == State::Paused)
            emit resumeRequested();
    });
    connect(m_cancel, &QPushButton::clicked, this, &TrainingView::cancelRequested);
    m_progress = new QProgressBar(this);
    m_progress->setFormat(tr("step %v of %m"));
    m_eta = new QLabel(tr("ETA —"), this);
    m_speed = new QLabel(tr("— tokens/s"), this);
    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_pause);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_eta);
    controls->addWidget(m_speed);

    m_loss = new CurvePlot(this);
    m_loss->setAxisLabels(tr("Step"), tr("Loss"));
    m_f1 = new CurvePlot(this);
    m_f1->setAxisLabels(tr("Step"), tr("Validation F1"));
    m_trials = new CurvePlot(this);
    m_trials->setAxisLabels(tr("Input tokens"), tr("Validation F1"));

    auto* plots = new QGridLayout;
    plots->addWidget(m_loss, 0, 0, 1, 2);
    plots->addWidget(m_f1, 1, 0);
    plots->addWidget(m_trials, 1, 1);
    plots->setRowStretch(0, 3);
    plots->setRowStretch(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_notice);
    layout->addLayout(plots, 1);
    reset(0);
    setTrainerAvailable(false);
}

void TrainingView::reset(int totalSteps)
{
    m_loss->clearCurves();
    m_loss->addCurve(tr("Training loss"), {}, {});
    m_loss->addCurve(tr("Validation loss"), {}, {});
    m_f1->clearCurves();
    m_f1->addCurve(tr("Validation F1"), {}, {});
    m_trials->clearCurves();
    const int trials = m_trials->addCurve(tr("MiLP trials"), {}, {});
    const int front = m_trials->addCurve(tr("Pareto front"), {}, {});
    m_trials->graph(trials)->setLineStyle(QCPGraph::lsNone);
    m_trials->graph(front)->setLineStyle(QCPGraph::lsNone);
    m_trials->graph(front)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 9));
    m_progress->setRange(0, std::max(totalSteps, 1));
    m_progress->setValue(0);
    m_progress->setFormat(totalSteps > 0 ? tr("step %v of %m") : tr("no run"));
    m_f1->yAxis->setRange(0.0, 1.0);
    m_trials->yAxis->setRange(0.0, 1.0);
    m_eta->setText(tr("ETA —"));
    m_speed->setText(tr("— tokens/s"));
}

void TrainingView::addProgress(const TrainingProgress& p)
{
    if (p.totalSteps > 0 && m_progress->maximum() != p.totalSteps)
        m_progress->setMaximum(p.totalSteps);
    m_progress->setFormat(tr("step %v of %m"));
    m_progress->setValue(p.step);
    m_loss->appendPoint(kTrainLoss, p.step, p.trainLoss);
    m_loss->appendPoint(kValLoss, p.step, p.valLoss);
    m_f1->appendPoint(kValF1, p.step, p.valF1);
    m_eta->setText(tr("ETA %1").arg(formatDuration(p.etaSeconds)));
    m_speed->setText(tr("%1 tokens/s").arg(p.tokensPerSecond, 0, 'f', 0));
}

void TrainingView::addTrial(double objectiveX, double objectiveY, bool onFront)
{
    m_trials->appendPoint(onFront ? kFront : kTrials, objectiveX, objectiveY);
}

void TrainingView::setState(State state)
{
    m_state = state;
    m_pause->setText(state == State::Paused ? tr("&Resume") : tr("&Pause"));
    updateButtons();
}

void TrainingView::setTrainerAvailable(bool available, const QString& reason)
{
    m_trainerAvailable = available;
    m_notice->setText(available ? QString()
                                : (reason.isEmpty() ? tr("Training from the workbench arrives with the trainer facade; "
                                                         "runs trained with the persona CLI show up in the Runs view meanwhile.")
                                                    : reason));
    m_notice->setVisible(!available);
    updateButtons();
}

void TrainingView::updateButtons()
{
    m_start->setEnabled(m_trainerAvailable && m_state == State::Idle);
    m_pause->setEnabled(m_state != State::Idle);
    m_cancel->setEnabled(m_state != State::Idle);
}

QString TrainingView::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("—");
    const auto s = static_cast<long long>(std::llround(seconds));
    if (s >= 3600)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 s").arg(s);
}

} // namespace persona::ui
