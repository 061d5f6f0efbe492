// The Training view: start a run of the Method view's config on a worker thread (TrainingRunner),
// live curves of training loss, validation loss and validation F1 per step, a progress bar with
// phase, ETA and tokens/s, and pause / resume / cancel. For MiLP, the search trials in objective
// space (validation loss against validation metric) with the Pareto front, and the hypervolume
// after each trial. Leaves out building the config (Method view) and listing runs (Runs view).
#pragma once

#include "ui/workers/training_worker.h"

#include <QVector>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace persona::ui {

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
    void setStorePath(const QString& path) { m_storePath = path; }
    QString storePath() const { return m_storePath; }
    // Starts a job as the Start button does; false (with errorOccurred) when it cannot start.
    bool startTraining();
    // Cancels a running job and waits for its thread (the app is closing).
    void shutdown();
    TrainingRunner* runner() const { return m_runner; }

    // Clears the curves for a new run of totalSteps steps (the trial plots show for MiLP).
    void reset(int totalSteps, bool milp = false);
    void addProgress(const TrainingProgress& progress);
    void addTrial(const MilpTrialPoint& trial);
    void setState(State state);
    State state() const { return m_state; }
    // Whether a trainer is connected; without one Start stays disabled and says why.
    void setTrainerAvailable(bool available, const QString& reason = {});
    QString phaseText() const;
    QString statusText() const;

    CurvePlot* lossPlot() const { return m_loss; }
    CurvePlot* f1Plot() const { return m_f1; }
    CurvePlot* trialsPlot() const { return m_trials; }
    CurvePlot* hypervolumePlot() const { return m_hypervolume; }

signals:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void cancelRequested();
    // A job ended with status "finished" or "cancelled"; the run is in the store (runId > 0).
    void runFinished(qint64 runId, const QString& status, const QString& runDir);
    void errorOccurred(const QString& title, const QString& message);

private:
    void onProgress(const QVector<TrainingProgress>& batch);
    void onFinished(qint64 runId, const QString& status, const QString& runDir);
    void onFailed(const QString& message);
    void updateFront();
    void updateButtons();
    static QString phaseLabel(const QString& phase);
    static QString formatDuration(double seconds);

    State m_state = State::Idle;
    bool m_trainerAvailable = false;
    JobSource m_source;
    QString m_storePath;
    TrainingRunner* m_runner = nullptr;
    QVector<MilpTrialPoint> m_trialPoints;
    // MiLP trials each restart at step 1: their curves are laid end to end.
    bool m_milp = false;
    int m_lastStep = 0;
    int m_stepOffset = 0;
    CurvePlot* m_loss = nullptr;
    CurvePlot* m_f1 = nullptr;
    CurvePlot* m_trials = nullptr;
    CurvePlot* m_hypervolume = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_phase = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_speed = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace persona::ui
