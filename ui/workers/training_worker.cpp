#include "ui/workers/training_worker.h"

#include "core/api/milp.h"
#include "core/common/log.h"

#include <exception>

namespace persona::ui {

namespace {
TrainingProgress toView(const api::TrainingProgress& p)
{
    TrainingProgress v;
    v.runId = p.runId;
    v.step = p.step;
    v.totalSteps = p.totalSteps;
    // Before the first optimiser step (loading, encoding) there is no loss to draw.
    if (p.step > 0 && (p.phase.empty() || p.phase == "training"))
        v.trainLoss = p.trainLoss;
    if (p.evaluated) {
        v.valLoss = p.valLoss;
        v.valF1 = p.valF1;
    }
    v.tokensPerSecond = p.tokensPerSecond;
    v.elapsedSeconds = p.elapsedSeconds;
    v.etaSeconds = p.etaSeconds;
    v.phase = QString::fromStdString(p.phase);
    return v;
}
} // namespace

MilpTrialPoint trialPointOf(const api::MilpTrialView& t)
{
    MilpTrialPoint p;
    p.trial = t.trial;
    p.valLoss = t.valLoss;
    p.valMetric = t.valMetric;
    p.onFront = t.onFront;
    p.hypervolume = t.hypervolume;
    p.provisional = t.hypervolumeProvisional;
    p.random = t.random;
    if (t.config.contains("layers") && t.config["layers"].is_array())
        p.activeLayers = static_cast<int>(t.config["layers"].size());
    p.modules = t.config.value("modules", 0);
    p.rank = t.config.value("rank", 0);
    p.failed = t.failed;
    p.failure = QString::fromStdString(t.failure);
    return p;
}

void TrainingWorker::report(quint64 jobId, const api::TrainingProgress& p, bool force)
{
    m_pending.append(toView(p));
    if (force || !m_sinceEmit.isValid() || m_sinceEmit.elapsed() >= kMinEmitIntervalMs)
        flush(jobId);
}

void TrainingWorker::flush(quint64 jobId)
{
    if (m_pending.isEmpty())
        return;
    emit progress(jobId, m_pending);
    m_pending.clear();
    m_sinceEmit.start();
}

void TrainingWorker::run(quint64 jobId, const TrainingJob& job)
{
    m_pending.clear();
    m_sinceEmit.invalidate();
    std::string lastPhase;
    // A phase change is sent at once (the view shows it); steps in between are batched.
    auto onProgress = [&](const api::TrainingProgress& p) {
        const bool phaseChanged = p.phase != lastPhase;
        lastPhase = p.phase;
        // Paused: the job blocks after this report, so send what is pending now.
        report(jobId, p, phaseChanged || (job.control && job.control->isPaused()));
    };
    try {
        if (job.milp) {
            api::MilpRequest request;
            request.config = job.config;
            request.storePath = job.storePath.toStdString();
            const auto onTrial = [&](const api::MilpTrialView& t) {
                flush(jobId); // the trial's last steps before its point
                emit trial(jobId, trialPointOf(t));
            };
            const api::MilpOutcome outcome = api::runMilpSearch(request, onTrial, onProgress, job.control.get());
            flush(jobId);
            QVector<MilpTrialPoint> finalTrials;
            for (const api::MilpTrialView& t : outcome.trials)
                finalTrials.append(trialPointOf(t));
            emit trialsFinal(jobId, finalTrials);
            emit finished(jobId, outcome.runId, QString::fromStdString(outcome.status), QString::fromStdString(outcome.runDir));
        } else {
            api::TrainingRequest request;
            request.config = job.config;
            request.storePath = job.storePath.toStdString();
            request.resumeRunId = job.resumeRunId;
            request.checkpointEvery = job.checkpointEvery;
            const api::TrainingOutcome outcome = api::runTraining(request, onProgress, job.control.get());
            flush(jobId);
            emit finished(jobId, outcome.runId, QString::fromStdString(outcome.status), QString::fromStdString(outcome.runDir));
        }
    } catch (const std::exception& e) {
        flush(jobId);
        log::error(std::string("training failed: ") + e.what());
        emit failed(jobId, QString::fromUtf8(e.what()));
    }
}

TrainingRunner::TrainingRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<persona::ui::TrainingProgress>();
    qRegisterMetaType<QVector<persona::ui::TrainingProgress>>();
    qRegisterMetaType<persona::ui::MilpTrialPoint>();
    qRegisterMetaType<QVector<persona::ui::MilpTrialPoint>>();
    qRegisterMetaType<persona::ui::TrainingJob>();
    auto* worker = new TrainingWorker;
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &TrainingRunner::requested, worker, &TrainingWorker::run, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::progress, this, [this](quint64 id, const QVector<TrainingProgress>& batch) {
        if (id == m_job)
            emit progress(batch);
    }, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::trial, this, [this](quint64 id, const MilpTrialPoint& t) {
        if (id == m_job)
            emit trial(t);
    }, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::trialsFinal, this, [this](quint64 id, const QVector<MilpTrialPoint>& trials) {
        if (id == m_job)
            emit trialsFinal(trials);
    }, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::finished, this,
            [this](quint64 id, qint64 runId, const QString& status, const QString& runDir) {
                if (id != m_job)
                    return;
                m_control.reset();
                emit finished(runId, status, runDir);
            }, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::failed, this, [this](quint64 id, const QString& message) {
        if (id != m_job)
            return;
        m_control.reset();
        emit failed(message);
    }, Qt::QueuedConnection);
    m_thread.setObjectName(QStringLiteral("training"));
    m_thread.start();
}

TrainingRunner::~TrainingRunner()
{
    shutdown();
}

bool TrainingRunner::start(const nlohmann::json& config, const QString& storePath, bool milp)
{
    TrainingJob job;
    job.config = config;
    job.storePath = storePath;
    job.milp = milp;
    return start(std::move(job));
}

bool TrainingRunner::start(TrainingJob job)
{
    if (m_control || !m_thread.isRunning())
        return false;
    m_control = std::make_shared<api::TrainingControl>();
    job.control = m_control;
    emit requested(++m_job, job);
    return true;
}

void TrainingRunner::pause()
{
    if (m_control)
        m_control->pause();
}

void TrainingRunner::resume()
{
    if (m_control)
        m_control->resume();
}

void TrainingRunner::cancel()
{
    if (m_control)
        m_control->cancel(); // also wakes a paused job
}

void TrainingRunner::shutdown()
{
    cancel();
    if (m_thread.isRunning()) {
        m_thread.quit(); // the event loop ends once the running job has returned
        m_thread.wait();
    }
    m_control.reset();
}

} // namespace persona::ui
