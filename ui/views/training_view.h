// The Training view: start a run of the Method view's config on a worker thread (TrainingRunner),
// live curves of training loss, validation loss and validation F1 per step, a progress bar with
// phase, ETA and tokens/s (the run's mean and its elapsed time once it ends), pause / resume /
// cancel, and resuming a cancelled or interrupted store run from its last checkpoint (its recorded
// curve first, then the new steps). For MiLP, the search trials in objective
// space (validation loss against validation metric) with the Pareto front, and the hypervolume
// after each trial. Leaves out building the config (Method view) and listing runs (Runs view).
#pragma once

#include "ui/workers/training_worker.h"

#include <QVector>
#include <QWidget>

#include <functional>

class QLabel;
class QVBoxLayout;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace persona::ui {

class CurveControls;
class CurvePlot;

class TrainingView : public QWidget {
    Q_OBJECT
public:
    // Stopping: cancel was pressed, the job ends at its next step.
    enum class State { Idle, Running, Paused, Stopping };

    // What Start runs: a RunConfig, or a MilpConfig when milp is set.
    struct Job {
        nlohmann::json config = nlohmann::json::object();
        bool milp = false;
    };
    // Called when Start is pressed; may throw (a std::exception whose message is shown).
    using JobSource = std::function<Job()>;

    explicit TrainingView(QWidget* parent = nullptr);
    ~TrainingView() override; // cancels a running job and joins its thread

    // Makes Start run jobs from `source`, recorded in the store at storePath().
    void setJobSource(JobSource source);
    const JobSource& jobSource() const { return m_source; }
    void setStorePath(const QString& path);
    QString storePath() const { return m_storePath; }
    // Starts a job as the Start button does; false (with errorOccurred) when it cannot start.
    bool startTraining();
    // Resumes store run runId (one resumableRuns() lists) from its last checkpoint: the curves
    // show its recorded points, then the new ones. False (with errorOccurred) when it cannot.
    bool resumeTraining(qint64 runId);
    // What "Resume Run…" does: asks which resumable run of the store to resume (a dialog named
    // "resumeDialog"), then resumeTraining(). With none, the status line says so.
    void chooseRunToResume();
    // Cancels a running job and waits for its thread (the app is closing).
    void shutdown();
    TrainingRunner* runner() const { return m_runner; }

    // Clears the curves for a new run of totalSteps steps (the trial plots show for MiLP).
    void reset(int totalSteps, bool milp = false);
    void addProgress(const TrainingProgress& progress);
    // A MiLP trial ended: a point in objective space and a row of the trial table (a failed
    // trial is a row with its reason, and the status line says so).
    void addTrial(const MilpTrialPoint& trial);
    // The search ended: the hypervolume curve and column redrawn w.r.t. the final reference point,
    // the initial trials included.
    void setFinalTrials(const QVector<MilpTrialPoint>& trials);
    void setState(State state);
    State state() const { return m_state; }
    // Whether a trainer is connected; without one Start stays disabled and says why.
    void setTrainerAvailable(bool available, const QString& reason = {});
    QString phaseText() const;
    QString statusText() const;
    QString speedText() const; // tokens/s, live or the run's mean once it ended
    QString timeText() const;  // ETA while running, elapsed time once it ended

    CurvePlot* lossPlot() const { return m_loss; }
    CurvePlot* f1Plot() const { return m_f1; }
    CurvePlot* trialsPlot() const { return m_trials; }
    CurvePlot* hypervolumePlot() const { return m_hypervolume; }
    // One row per MiLP trial: trial, proposal, layers, modules, rank, validation loss and metric,
    // hypervolume, result ("front", "failed: <reason>" or empty).
    QTableWidget* trialTable() const { return m_trialTable; }
    enum TrialColumn { TrialNumber, TrialProposal, TrialLayers, TrialModules, TrialRank, TrialValLoss,
                       TrialValMetric, TrialHypervolume, TrialResult, TrialColumnCount };

signals:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void cancelRequested();
    // The job's store run is running (its first progress report): new or resumed, once a job.
    void runStarted(qint64 runId);
    // A job ended with status "finished" or "cancelled"; the run is in the store (runId > 0).
    void runFinished(qint64 runId, const QString& status, const QString& runDir);
    void errorOccurred(const QString& title, const QString& message);

private:
    void onProgress(const QVector<TrainingProgress>& batch);
    void onFinished(qint64 runId, const QString& status, const QString& runDir);
    void onFailed(const QString& message);
    void showRunTotals();
    void updateFront();
    void fillTrialRow(const MilpTrialPoint& trial);
    void updateButtons();
    static QString phaseLabel(const QString& phase);
    static QString formatDuration(double seconds);

    State m_state = State::Idle;
    bool m_trainerAvailable = false;
    JobSource m_source;
    QString m_storePath;
    TrainingRunner* m_runner = nullptr;
    QVector<MilpTrialPoint> m_trialPoints;
    QVBoxLayout* m_plots = nullptr; // loss curve, then the row of F1 or trial plots, then the trial table
    // MiLP trials each restart at step 1: their curves are laid end to end.
    bool m_milp = false;
    int m_lastStep = 0;
    int m_stepOffset = 0;
    double m_secondsOffset = 0.0;    // a MiLP search's earlier trials' seconds (the wall-time axis)
    double m_lastTrialSeconds = 0.0;
    bool m_trimOnNextStep = false;     // resumed: the first new step replaces recorded ones from there
    double m_lastTokensPerSecond = 0.0; // of the last training step (a mean over the run so far)
    double m_lastElapsedSeconds = -1.0;
    void fitStepAxes(double lastX);
    void endBusyProgress();

    CurveControls* m_curveControls = nullptr;
    CurvePlot* m_loss = nullptr;
    CurvePlot* m_f1 = nullptr;
    int m_totalSteps = 0;
    qint64 m_announcedRun = 0;
    CurvePlot* m_trials = nullptr;
    CurvePlot* m_hypervolume = nullptr;
    QTableWidget* m_trialTable = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_phase = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_speed = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_resumeRun = nullptr;
};

} // namespace persona::ui
