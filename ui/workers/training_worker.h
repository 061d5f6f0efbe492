// Runs a training job (api::runTraining) or a MiLP search (api::runMilpSearch) on a worker thread:
// TrainingWorker lives in a QThread owned by TrainingRunner, which the GUI thread drives. Progress
// reports are batched on the worker side and sent as queued signals at most ~20 times a second, so
// a fast trainer cannot flood the event loop; no report is dropped. Pause, resume and cancel go
// through api::TrainingControl. Leaves out what the Training view draws.
#pragma once

#include "core/api/training.h"

namespace persona::api {
struct MilpTrialView;
}

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include <limits>
#include <memory>

namespace persona::ui {

// One progress report as the GUI shows it (NaN: not evaluated at this step).
struct TrainingProgress {
    qint64 runId = 0;
    int step = 0;
    int totalSteps = 0;
    double trainLoss = std::numeric_limits<double>::quiet_NaN();
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    double valF1 = std::numeric_limits<double>::quiet_NaN();
    double tokensPerSecond = 0.0;
    double elapsedSeconds = 0.0;
    double etaSeconds = 0.0;
    QString phase; // "loading", "encoding", "warm-up", "training", "testing", "saving" (the core's words)
};

// One MiLP trial: its configuration and where it lies in objective space.
struct MilpTrialPoint {
    int trial = 0;          // 0-based
    double valLoss = 0.0;   // objective 1 (down); NaN for a failed trial
    double valMetric = 0.0; // objective 2 (up); NaN for a failed trial
    bool onFront = false;
    double hypervolume = 0.0;
    // w.r.t. a provisional reference point (during the initial random trials): not comparable
    // with the later values, so the hypervolume curve leaves it out until the final values come.
    bool provisional = false;
    bool random = false;    // an initial random point rather than a BO proposal
    int activeLayers = 0;   // layers with the flag set
    int modules = 0;        // LoRA modules
    int rank = 0;
    bool failed = false;    // diverged or unscorable: off the front and out of the hypervolume
    QString failure;        // the core's reason when failed
};
// The GUI's copy of a core trial view.
MilpTrialPoint trialPointOf(const api::MilpTrialView& view);

struct TrainingJob {
    nlohmann::json config = nlohmann::json::object(); // a RunConfig, or a MilpConfig when milp
    QString storePath;                                // "" = no store
    bool milp = false;
    qint64 resumeRunId = 0;   // > 0: resume that store run from its last checkpoint (config ignored)
    int checkpointEvery = 0;  // steps between resumable checkpoints; 0 = api::defaultCheckpointEvery
    std::shared_ptr<api::TrainingControl> control;    // shared with the runner (GUI thread)
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinEmitIntervalMs = 50; // at most ~20 progress signals per second

    using QObject::QObject;

public slots:
    // Runs the job to its end on this (worker) thread; exactly one of finished / failed follows.
    void run(quint64 jobId, const persona::ui::TrainingJob& job);

signals:
    void progress(quint64 jobId, const QVector<persona::ui::TrainingProgress>& batch);
    void trial(quint64 jobId, const persona::ui::MilpTrialPoint& trial);
    // A MiLP search ended: every trial again, with its hypervolume w.r.t. the final reference point.
    void trialsFinal(quint64 jobId, const QVector<persona::ui::MilpTrialPoint>& trials);
    // status "finished" or "cancelled".
    void finished(quint64 jobId, qint64 runId, const QString& status, const QString& runDir);
    void failed(quint64 jobId, const QString& message);

private:
    void report(quint64 jobId, const api::TrainingProgress& p, bool force);
    void flush(quint64 jobId);

    QVector<TrainingProgress> m_pending;
    QElapsedTimer m_sinceEmit;
};

// Owns the worker thread; used from the GUI thread only. One job at a time.
class TrainingRunner : public QObject {
    Q_OBJECT
public:
    explicit TrainingRunner(QObject* parent = nullptr);
    ~TrainingRunner() override; // shutdown()

    // Starts a job; false (and nothing happens) while another job runs.
    bool start(const nlohmann::json& config, const QString& storePath, bool milp = false);
    // Starts `job` (its control is replaced by the runner's); false while another job runs.
    bool start(TrainingJob job);
    void pause();
    void resume();
    void cancel();
    bool isBusy() const { return m_control != nullptr; }
    bool isPaused() const { return m_control && m_control->isPaused(); }
    // Cancels a running job and joins the thread (waits for the current step to end).
    void shutdown();

signals:
    void progress(const QVector<persona::ui::TrainingProgress>& batch);
    void trial(const persona::ui::MilpTrialPoint& trial);
    void trialsFinal(const QVector<persona::ui::MilpTrialPoint>& trials); // just before finished
    void finished(qint64 runId, const QString& status, const QString& runDir);
    void failed(const QString& message);
    void requested(quint64 jobId, const persona::ui::TrainingJob& job); // to the worker

private:
    QThread m_thread;
    quint64 m_job = 0;
    std::shared_ptr<api::TrainingControl> m_control; // the running job's, null when idle
};

} // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::TrainingProgress)
Q_DECLARE_METATYPE(persona::ui::MilpTrialPoint)
Q_DECLARE_METATYPE(persona::ui::TrainingJob)
