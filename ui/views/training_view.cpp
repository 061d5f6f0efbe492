#include "ui/views/training_view.h"

#include "core/api/diagnostics.h"
#include "core/api/training.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "ui/charts/curve_plot.h"
#include "ui/views/personalization_text.h"
#include "ui/workers/resumable_runs.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace persona::ui {

namespace {
constexpr int kTrainLoss = 0;
constexpr int kValLoss = 1;
constexpr int kValF1 = 0;
constexpr int kTrials = 0;
constexpr int kFront = 1;
constexpr int kHypervolume = 0;

// A finished run's test evaluation from its metrics.json; an empty object when missing.
nlohmann::json testMetrics(const QString& runDir)
{
    nlohmann::json m;
    try {
        m = persona::readJsonObjectFile(QDir(runDir).filePath(QStringLiteral("metrics.json")).toStdString(),
                                        64u << 20, "run metrics");
    } catch (const persona::Error&) {
        return nlohmann::json::object();
    }
    const nlohmann::json t = m.value("test", nlohmann::json::object());
    return t.is_object() ? t : nlohmann::json::object();
}

// The test scores of a finished run folder's metrics.json in one sentence; empty when the file
// or the scores are missing (a run without a test split), so the status line stays short.
QString testSummary(const QString& runDir)
{
    const nlohmann::json t = testMetrics(runDir);
    if (t.empty())
        return {};
    auto number = [&](const char* key) {
        const auto it = t.find(key);
        return it != t.end() && it->is_number() ? it->get<double>() : std::nan("");
    };
    const double users = number("users"), distinct = number("distinctOutputs");
    if (t.value("task", std::string("genres")) == "next-item") {
        const double rougeL = number("rougeL");
        return std::isnan(rougeL) ? QString() : TrainingView::tr("Test ROUGE-L %1 on %2 users.").arg(rougeL, 0, 'f', 3).arg(users);
    }
    const double f1 = number("f1"), cross = number("crossUserF1");
    if (std::isnan(f1))
        return {};
    QString text = TrainingView::tr("Test F1 %1").arg(f1, 0, 'f', 3);
    if (!std::isnan(cross))
        text += TrainingView::tr(", %1 against other users' truths").arg(cross, 0, 'f', 3);
    if (!std::isnan(distinct) && !std::isnan(users))
        text += TrainingView::tr("; %n different answer(s)", nullptr, static_cast<int>(distinct)) +
                TrainingView::tr(" for %n user(s)", nullptr, static_cast<int>(users));
    return text + QStringLiteral(".");
}
} // namespace

TrainingView::TrainingView(QWidget* parent)
    : QWidget(parent)
    , m_runner(new TrainingRunner(this))
{
    m_start = new QPushButton(tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_start, &QPushButton::clicked, this, [this] {
        emit startRequested();
        if (m_source)
            startTraining();
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_state == State::Running) {
            emit pauseRequested();
            if (m_runner->isBusy()) {
                m_runner->pause();
                setState(State::Paused);
            }
        } else if (m_state == State::Paused) {
            emit resumeRequested();
            if (m_runner->isBusy()) {
                m_runner->resume();
                setState(State::Running);
            }
        }
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        emit cancelRequested();
        if (m_runner->isBusy()) {
            m_runner->cancel();
            setState(State::Stopping);
        }
    });
    m_resumeRun = new QPushButton(tr("Resume R&un…"), this);
    m_resumeRun->setObjectName(QStringLiteral("resumeRunButton"));
    m_resumeRun->setToolTip(tr("Continue a cancelled or interrupted run of the experiment store from its last checkpoint"));
    connect(m_resumeRun, &QPushButton::clicked, this, &TrainingView::chooseRunToResume);
    connect(m_runner, &TrainingRunner::progress, this, &TrainingView::onProgress);
    connect(m_runner, &TrainingRunner::trial, this, &TrainingView::addTrial);
    connect(m_runner, &TrainingRunner::trialsFinal, this, &TrainingView::setFinalTrials);
    connect(m_runner, &TrainingRunner::finished, this, &TrainingView::onFinished);
    connect(m_runner, &TrainingRunner::failed, this, &TrainingView::onFailed);

    m_progress = new QProgressBar(this);
    m_phase = new QLabel(this);
    m_eta = new QLabel(this);
    m_speed = new QLabel(this);
    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true); // a finished run's scores make the line long

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_pause);
    controls->addWidget(m_cancel);
    controls->addWidget(m_resumeRun);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_phase);
    controls->addWidget(m_eta);
    controls->addWidget(m_speed);

    m_loss = new CurvePlot(this);
    m_loss->setAxisLabels(tr("Step"), tr("Loss"));
    m_f1 = new CurvePlot(this);
    m_f1->setAxisLabels(tr("Step"), tr("Validation F1"));
    m_trials = new CurvePlot(this);
    // Two lines each: the trial plot shares its row with the hypervolume and is short.
    m_trials->setAxisLabels(tr("Validation loss\n(lower is better)"), tr("Validation metric\n(higher is better)"));
    m_hypervolume = new CurvePlot(this);
    m_hypervolume->setAxisLabels(tr("Trial"), tr("Hypervolume"));

    m_trialTable = new QTableWidget(0, TrialColumnCount, this);
    m_trialTable->setObjectName(QStringLiteral("milpTrialTable"));
    m_trialTable->setHorizontalHeaderLabels({tr("Trial"), tr("Proposal"), tr("Layers"), tr("Modules"), tr("Rank"),
                                             tr("Val. loss"), tr("Val. metric"), tr("Hypervolume"), tr("Result")});
    m_trialTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trialTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trialTable->verticalHeader()->hide();
    m_trialTable->horizontalHeader()->setStretchLastSection(true);
    m_trialTable->setToolTip(tr("Every MiLP trial: its configuration, validation objectives and the hypervolume of the front after it"));

    // A box layout, so the hidden MiLP plots leave their room to the F1 plot (and, in a MiLP search,
    // the hidden F1 plot to the trial plots); the trial table gets as much height as those plots.
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_f1, 1);
    bottom->addWidget(m_trials, 1);
    bottom->addWidget(m_hypervolume, 1);
    m_plots = new QVBoxLayout;
    m_plots->addWidget(m_loss, 3);
    m_plots->addLayout(bottom, 2);
    m_plots->addWidget(m_trialTable, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_notice);
    layout->addWidget(m_status);
    m_curveControls = new CurveControls({m_loss, m_f1}, this);
    layout->addWidget(m_curveControls);
    layout->addLayout(m_plots, 1);
    reset(0);
    setTrainerAvailable(false);
}

TrainingView::~TrainingView()
{
    shutdown();
}

void TrainingView::setJobSource(JobSource source)
{
    m_source = std::move(source);
    setTrainerAvailable(static_cast<bool>(m_source));
}

void TrainingView::setStorePath(const QString& path)
{
    m_storePath = path;
    updateButtons();
}

bool TrainingView::startTraining()
{
    if (!m_source || m_runner->isBusy())
        return false;
    Job job;
    try {
        job = m_source();
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Cannot start training"), QString::fromUtf8(e.what()));
        return false;
    }
    if (!job.config.contains("outputDir")) {
        const QString root = m_storePath.isEmpty()
                                 ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                 : QFileInfo(m_storePath).absolutePath();
        const QString name = QString::fromStdString(job.config.value("name", std::string("run")));
        job.config["outputDir"] = QDir(root).filePath(QStringLiteral("runs/%1-%2").arg(
            name, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz")))).toStdString();
    }
    int steps = 0;
    if (!job.milp && job.config.contains("train") && job.config["train"].contains("steps")
        && job.config["train"]["steps"].is_number_integer())
        steps = job.config["train"]["steps"].get<int>();
    reset(steps, job.milp);
    TrainingJob request;
    request.config = job.config;
    request.storePath = m_storePath;
    request.milp = job.milp;
    // checkpointEvery stays 0: the core's default keeps GUI runs resumable after a crash.
    if (!m_runner->start(std::move(request)))
        return false;
    m_phase->setText(phaseLabel(QStringLiteral("loading")));
    m_status->setText(m_storePath.isEmpty() ? tr("Training (not recorded: no experiment store is open).")
                                            : tr("Training; the run is recorded in the experiment store."));
    setState(State::Running);
    return true;
}

void TrainingView::chooseRunToResume()
{
    if (m_runner->isBusy())
        return;
    QString error;
    const QList<ResumableRun> runs = resumableRuns(m_storePath, &error);
    if (!error.isEmpty()) {
        emit errorOccurred(tr("Cannot list the runs to resume"), error);
        return;
    }
    if (runs.isEmpty()) {
        m_status->setText(tr("No cancelled or interrupted run with a checkpoint in the experiment store."));
        return;
    }
    QStringList labels;
    for (const ResumableRun& r : runs)
        labels << r.label();
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("resumeDialog"));
    dialog.setWindowTitle(tr("Resume Run"));
    dialog.setLabelText(tr("Continue this run from its last checkpoint:"));
    dialog.setComboBoxItems(labels);
    dialog.setComboBoxEditable(false);
    dialog.setTextValue(labels.first());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const qsizetype chosen = labels.indexOf(dialog.textValue());
    if (chosen >= 0)
        resumeTraining(runs[chosen].id);
}

bool TrainingView::resumeTraining(qint64 runId)
{
    if (m_runner->isBusy())
        return false;
    QString error;
    const QList<ResumableRun> runs = resumableRuns(m_storePath, &error);
    const auto it = std::find_if(runs.begin(), runs.end(), [runId](const ResumableRun& r) { return r.id == runId; });
    if (it == runs.end()) {
        emit errorOccurred(tr("Cannot resume run #%1").arg(runId),
                           !error.isEmpty() ? error
                                            : tr("The experiment store has no cancelled or interrupted run #%1 with a "
                                                 "checkpoint and its resume state.").arg(runId));
        return false;
    }
    reset(it->totalSteps);
    try {
        // The curve so far, up to the checkpoint the run continues from.
        const RecordedCurves c = recordedCurves(m_storePath, runId, it->checkpointStep);
        for (auto [plot, graph] : {std::pair{m_loss, kTrainLoss}, std::pair{m_loss, kValLoss}, std::pair{m_f1, kValF1}})
            plot->setTimeKnots(plot->graph(graph), c.wallSteps, c.wallSeconds);
        m_loss->setCurveData(m_loss->graph(kTrainLoss), c.trainSteps, c.trainLoss);
        m_loss->setCurveData(m_loss->graph(kValLoss), c.valSteps, c.valLoss);
        m_f1->setCurveData(m_f1->graph(kValF1), c.f1Steps, c.valF1);
        m_lastElapsedSeconds = c.wallSeconds.isEmpty() ? -1.0 : c.wallSeconds.back();
        m_loss->refit();
        m_f1->refit();
        m_f1->yAxis->setRange(0.0, 1.0);
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Cannot resume run #%1").arg(runId), QString::fromUtf8(e.what()));
        return false;
    }
    m_progress->setValue(static_cast<int>(std::min<qint64>(it->checkpointStep, m_progress->maximum())));
    m_lastStep = static_cast<int>(it->checkpointStep);
    m_trimOnNextStep = true;
    TrainingJob request;
    request.storePath = m_storePath;
    request.resumeRunId = runId;
    if (!m_runner->start(std::move(request)))
        return false;
    m_phase->setText(phaseLabel(QStringLiteral("loading")));
    m_status->setText(tr("Resuming run #%1 after step %2.").arg(runId).arg(it->checkpointStep));
    setState(State::Running);
    return true;
}

void TrainingView::shutdown()
{
    m_runner->shutdown();
}

void TrainingView::reset(int totalSteps, bool milp)
{
    m_loss->clearCurves();
    m_loss->addCurve(tr("Training loss"), {}, {});
    m_loss->addCurve(tr("Validation loss"), {}, {});
    m_f1->clearCurves();
    m_f1->addCurve(tr("Validation F1"), {}, {});
    m_trials->clearCurves();
    m_trialPoints.clear();
    const int trials = m_trials->addCurve(tr("MiLP trials"), {}, {});
    const int front = m_trials->addCurve(tr("Pareto front"), {}, {});
    m_trials->graph(trials)->setLineStyle(QCPGraph::lsNone);
    m_trials->graph(front)->setLineStyle(QCPGraph::lsStepLeft);
    m_trials->graph(front)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 10));
    m_hypervolume->clearCurves();
    m_hypervolume->addCurve(tr("Hypervolume of the front"), {}, {});
    m_milp = milp;
    m_lastStep = 0;
    m_stepOffset = 0;
    m_secondsOffset = 0.0;
    m_lastTrialSeconds = 0.0;
    m_trimOnNextStep = false;
    m_lastTokensPerSecond = 0.0;
    m_lastElapsedSeconds = -1.0;
    m_loss->xAxis->setLabel(milp ? tr("Step (trials one after another)") : tr("Step"));
    // A MiLP search validates once per trial (the trial plots and table); the per-step F1 plot would stay empty.
    m_f1->setVisible(!milp);
    m_trials->setVisible(milp);
    m_hypervolume->setVisible(milp);
    m_trialTable->setRowCount(0);
    m_trialTable->setVisible(milp);
    // In a search the trials in objective space are what is watched: they get more height than the loss.
    m_plots->setStretch(0, milp ? 2 : 3);
    m_plots->setStretch(1, milp ? 3 : 2);
    m_progress->setRange(0, std::max(totalSteps, 1));
    m_progress->setValue(0);
    m_progress->setFormat(totalSteps > 0 ? tr("step %v of %m") : tr("no run"));
    m_f1->yAxis->setRange(0.0, 1.0);
    m_trials->yAxis->setRange(0.0, 1.0);
    m_totalSteps = totalSteps;
    m_announcedRun = 0;
    fitStepAxes(0.0);
    m_loss->replot(QCustomPlot::rpQueuedReplot);
    m_f1->replot(QCustomPlot::rpQueuedReplot);
    m_phase->clear();
    m_eta->setText(tr("ETA —"));
    m_speed->setText(tr("— tokens/s"));
}

// A training run's curves grow into a frame of its whole length (from step 0 to the last step),
// the same for the loss and the F1 plot, from the first moment: never the previous run's axis,
// and the F1 plot, which gets a point only at each evaluation, lines up with the loss above it.
// A MiLP search's steps run on trial after trial: its axes follow the data.
void TrainingView::fitStepAxes(double lastX)
{
    if (m_milp || m_totalSteps <= 0 || m_loss->xAxisMode() == XAxisMode::WallTime)
        return; // seconds have no known end: the wall-time axis follows the data
    const double end = std::max<double>(m_totalSteps, lastX);
    m_loss->xAxis->setRange(0.0, end);
    m_f1->xAxis->setRange(0.0, end);
}

void TrainingView::addProgress(const TrainingProgress& p)
{
    if (p.runId > 0 && p.runId != m_announcedRun) {
        m_announcedRun = p.runId;
        emit runStarted(p.runId);
    }
    const bool stepping = p.phase.isEmpty() || p.phase == QLatin1String("training");
    if (stepping || m_progress->maximum() != 0) {
        if (p.totalSteps > 0 && m_progress->maximum() != p.totalSteps)
            m_progress->setRange(0, p.totalSteps);
        if (p.totalSteps > 0)
            m_progress->setFormat(tr("step %v of %m"));
        m_progress->setValue(p.step);
    }
    if (m_milp && p.step < m_lastStep) { // the next trial: its steps and seconds follow the last one's
        m_stepOffset += m_lastStep;
        m_secondsOffset += std::max(m_lastTrialSeconds, 0.0);
    }
    m_lastStep = p.step;
    const double x = m_stepOffset + p.step;
    if (m_trimOnNextStep && p.step > 0 && std::isfinite(p.trainLoss)) {
        // A resumed run redoes the steps after its checkpoint: its new points replace recorded ones.
        m_trimOnNextStep = false;
        m_loss->removeAfterStep(m_loss->graph(kTrainLoss), x - 0.5);
        m_loss->removeAfterStep(m_loss->graph(kValLoss), x - 0.5);
        m_f1->removeAfterStep(m_f1->graph(kValF1), x - 0.5);
    }
    if (stepping && p.step > 0 && p.elapsedSeconds >= 0.0) { // where this step falls on the wall-time axis
        m_lastTrialSeconds = p.elapsedSeconds;
        for (auto [plot, graph] : {std::pair{m_loss, kTrainLoss}, std::pair{m_loss, kValLoss}, std::pair{m_f1, kValF1}})
            plot->addTimeKnot(plot->graph(graph), x, m_secondsOffset + p.elapsedSeconds);
    }
    m_loss->appendPoint(kTrainLoss, x, p.trainLoss);
    m_loss->appendPoint(kValLoss, x, p.valLoss);
    m_f1->appendPoint(kValF1, x, p.valF1);
    if (std::isfinite(p.valF1))
        m_f1->yAxis->setRange(0.0, 1.0); // F1 is a fraction: a flat 0 curve stays at the bottom
    if (p.totalSteps > 0)
        m_totalSteps = p.totalSteps;
    fitStepAxes(x);
    // While paused the view says so: a step that was in flight when Pause was pressed reports
    // after it, and must not put back "training" and an ETA that no longer runs down.
    const bool paused = m_state == State::Paused;
    if (!p.phase.isEmpty() && !paused)
        m_phase->setText(phaseLabel(p.phase));
    if (!stepping && (p.phase == QLatin1String("testing") || p.phase == QLatin1String("saving"))) {
        // After the last step: no step count to show and no ETA to give; the bar shows work
        // going on (busy) rather than a finished bar with "ETA 0 s".
        m_progress->setRange(0, 0);
        m_progress->setFormat(phaseLabel(p.phase));
        m_eta->setText(p.phase == QLatin1String("testing") ? tr("testing on the test users") : tr("saving the run"));
    }
    // Phase reports (loading, testing, saving) carry no speed: the last step's stays shown.
    if (p.step > 0 && stepping && !paused) {
        m_eta->setText(tr("ETA %1").arg(formatDuration(p.etaSeconds)));
        if (p.tokensPerSecond > 0.0) {
            m_lastTokensPerSecond = p.tokensPerSecond;
            m_speed->setText(tr("%1 tokens/s").arg(p.tokensPerSecond, 0, 'f', 0));
        }
        if (p.elapsedSeconds >= 0.0)
            m_lastElapsedSeconds = p.elapsedSeconds;
    }
}

// The bar back from busy (test pass, saving) to the run's steps.
void TrainingView::endBusyProgress()
{
    if (m_progress->maximum() != 0)
        return;
    m_progress->setRange(0, std::max(m_totalSteps, 1));
    m_progress->setValue(std::min(std::max(m_lastStep, 0), std::max(m_totalSteps, 1)));
    m_progress->setFormat(m_totalSteps > 0 ? tr("step %v of %m") : tr("no run"));
}

void TrainingView::showRunTotals()
{
    // The trainer's tokens/s is tokens over the elapsed training time so far (a resumed run
    // counts its earlier part too): at the last step it is the run's mean.
    m_speed->setText(m_lastTokensPerSecond > 0.0 ? tr("%1 tokens/s (mean)").arg(m_lastTokensPerSecond, 0, 'f', 0)
                                                 : tr("— tokens/s"));
    m_eta->setText(m_lastElapsedSeconds >= 0.0 ? tr("trained for %1").arg(formatDuration(m_lastElapsedSeconds))
                                               : tr("ETA —"));
}

void TrainingView::onProgress(const QVector<TrainingProgress>& batch)
{
    for (const TrainingProgress& p : batch)
        addProgress(p);
}

void TrainingView::addTrial(const MilpTrialPoint& trial)
{
    fillTrialRow(trial);
    if (trial.failed) {
        m_status->setText(tr("Trial %1 failed: %2. The search goes on without it.").arg(trial.trial + 1).arg(trial.failure));
        return;
    }
    m_trialPoints.append(trial);
    m_trials->appendPoint(kTrials, trial.valLoss, trial.valMetric);
    if (!trial.provisional)
        m_hypervolume->appendPoint(kHypervolume, trial.trial + 1, trial.hypervolume);
    updateFront();
}

void TrainingView::setFinalTrials(const QVector<MilpTrialPoint>& trials)
{
    QVector<double> xs, ys;
    for (const MilpTrialPoint& t : trials) {
        fillTrialRow(t);
        xs << t.trial + 1;
        ys << t.hypervolume;
    }
    m_hypervolume->graph(kHypervolume)->setData(xs, ys, true);
    m_hypervolume->refit();
}

void TrainingView::fillTrialRow(const MilpTrialPoint& t)
{
    if (t.trial < 0)
        return;
    if (m_trialTable->rowCount() <= t.trial)
        m_trialTable->setRowCount(t.trial + 1);
    const auto number = [](double v, int decimals) {
        return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("—");
    };
    QString result;
    if (t.failed)
        result = tr("failed: %1").arg(t.failure);
    else if (t.onFront)
        result = tr("on the front");
    const QStringList cells{QString::number(t.trial + 1),
                            t.random ? tr("random") : tr("BO"),
                            QString::number(t.activeLayers),
                            QString::number(t.modules),
                            QString::number(t.rank),
                            number(t.valLoss, 4),
                            number(t.valMetric, 4),
                            t.failed ? QStringLiteral("—")
                                     : number(t.hypervolume, 4) + (t.provisional ? tr(" (provisional)") : QString()),
                            result};
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c == TrialResult && t.failed)
            item->setToolTip(t.failure);
        if (c != TrialProposal && c != TrialResult)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_trialTable->setItem(t.trial, c, item);
    }
}

void TrainingView::updateFront()
{
    // The non-dominated trials (lower loss, higher metric), recomputed over all trials so far: a
    // later trial can push an earlier one off the front.
    QVector<MilpTrialPoint> sorted = m_trialPoints;
    std::sort(sorted.begin(), sorted.end(), [](const MilpTrialPoint& a, const MilpTrialPoint& b) {
        return a.valLoss < b.valLoss || (a.valLoss == b.valLoss && a.valMetric > b.valMetric);
    });
    QVector<double> xs, ys;
    double best = -std::numeric_limits<double>::infinity();
    for (const MilpTrialPoint& t : sorted) {
        if (t.valMetric > best) {
            xs << t.valLoss;
            ys << t.valMetric;
            best = t.valMetric;
        }
    }
    m_trials->graph(kFront)->setData(xs, ys, true);
    m_trials->refit();
}

void TrainingView::onFinished(qint64 runId, const QString& status, const QString& runDir)
{
    setState(State::Idle);
    m_phase->clear();
    endBusyProgress();
    showRunTotals();
    m_status->setToolTip(QString());
    m_status->setStyleSheet(QString());
    m_status->setProperty("personalizationWarning", false);
    if (status == QLatin1String("cancelled")) {
        m_status->setText(runId > 0 ? tr("Cancelled: run #%1 is in the store; Resume Run… continues it from its last checkpoint.").arg(runId)
                                    : tr("Cancelled."));
    } else {
        const QString scores = testSummary(runDir);
        bool warn = false;
        const QString verdict = personalizationVerdict(testMetrics(runDir), warn);
        m_status->setText((runId > 0 ? tr("Finished: run #%1 (%2).").arg(runId).arg(runDir) : tr("Finished (%1).").arg(runDir)) +
                          (scores.isEmpty() ? QString() : QStringLiteral(" ") + scores) +
                          (verdict.isEmpty() ? QString() : QStringLiteral(" ") + verdict));
        m_status->setProperty("personalizationWarning", warn);
        m_status->setStyleSheet(warn ? QStringLiteral("color: %1; font-weight: bold;").arg(kWarningColor) : QString());
        m_status->setToolTip(scores.isEmpty() ? QString()
                                              : tr("F1 against other users' truths scores every answer against someone "
                                                   "else's genres. Close to the F1 itself, the answers do not depend on "
                                                   "the user; a method that personalizes scores well below its F1 there."));
    }
    emit runFinished(runId, status, runDir);
}

void TrainingView::onFailed(const QString& message)
{
    setState(State::Idle);
    endBusyProgress();
    m_phase->clear();
    showRunTotals();
    m_status->setToolTip(QString());
    m_status->setText(tr("Failed: %1").arg(message));
    emit errorOccurred(tr("Training failed"), message);
}

void TrainingView::setState(State state)
{
    m_state = state;
    m_pause->setText(state == State::Paused ? tr("&Resume") : tr("&Pause"));
    if (state == State::Paused) {
        m_phase->setText(tr("paused"));
        m_eta->setText(tr("ETA — (paused)"));
    } else if (state == State::Running && m_phase->text() == tr("paused")) {
        m_phase->setText(phaseLabel(QStringLiteral("training"))); // the next step brings the ETA back
    }
    else if (state == State::Stopping)
        m_phase->setText(tr("cancelling…"));
    updateButtons();
}

void TrainingView::setTrainerAvailable(bool available, const QString& reason)
{
    m_trainerAvailable = available;
    m_notice->setText(available ? QString()
                                : (reason.isEmpty() ? tr("No trainer is connected; runs trained with the persona CLI "
                                                         "show up in the Runs view.")
                                                    : reason));
    m_notice->setVisible(!available);
    updateButtons();
}

QString TrainingView::phaseText() const
{
    return m_phase->text();
}

QString TrainingView::statusText() const
{
    return m_status->text();
}

QString TrainingView::speedText() const
{
    return m_speed->text();
}

QString TrainingView::timeText() const
{
    return m_eta->text();
}

void TrainingView::updateButtons()
{
    m_start->setEnabled(m_trainerAvailable && m_state == State::Idle);
    m_pause->setEnabled(m_state == State::Running || m_state == State::Paused);
    m_cancel->setEnabled(m_state == State::Running || m_state == State::Paused);
    m_resumeRun->setEnabled(m_state == State::Idle && !m_storePath.isEmpty());
}

QString TrainingView::phaseLabel(const QString& phase)
{
    if (phase == QLatin1String("loading"))
        return tr("loading models and data");
    if (phase == QLatin1String("encoding"))
        return tr("encoding histories");
    if (phase == QLatin1String("warm-up"))
        return tr("warming up the answer sketch");
    if (phase == QLatin1String("training"))
        return tr("training");
    if (phase == QLatin1String("testing"))
        return tr("testing");
    if (phase == QLatin1String("saving"))
        return tr("saving");
    if (phase == QLatin1String("search"))
        return tr("searching");
    return phase;
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
