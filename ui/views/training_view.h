// The Training view: live curves of training loss, validation loss and validation F1 per step,
// a progress bar with ETA and tokens/s, and start / pause / resume / cancel. The view only shows
// what it is given (addProgress) and emits requests; the run itself will live in a worker over
// the trainer facade (core/api/training.h), which is not connected yet. Also plots MiLP search
// trials in objective space with the Pareto front.
#pragma once

#include <QWidget>

#include <limits>

class QLabel;
class QProgressBar;
class QPushButton;

namespace persona::ui {

class CurvePlot;

// One progress report, as the trainer's Progress carries it (NaN: not evaluated at this step).
struct TrainingProgress {
    int step = 0;
    int totalSteps = 0;
    double trainLoss = std::numeric_limits<double>::quiet_NaN();
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    double valF1 = std::numeric_limits<double>::quiet_NaN();
    double tokensPerSecond = 0.0;
    double etaSeconds = 0.0;
};

class TrainingView : public QWidget {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused };

    explicit TrainingView(QWidget* parent = nullptr);

    // Clears the curves for a new run of totalSteps steps.
    void reset(int totalSteps);
    void addProgress(const TrainingProgress& progress);
    // A MiLP trial: two objectives (e.g. F1 up, tokens down) and whether it is on the Pareto front.
    void addTrial(double objectiveX, double objectiveY, bool onFront);
    void setState(State state);
    State state() const { return m_state; }
    // Whether a trainer is connected; without one Start stays disabled and says why.
    void setTrainerAvailable(bool available, const QString& reason = {});

    CurvePlot* lossPlot() const { return m_loss; }
    CurvePlot* f1Plot() const { return m_f1; }

signals:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void cancelRequested();

private:
    void updateButtons();
    static QString formatDuration(double seconds);

    State m_state = State::Idle;
    bool m_trainerAvailable = false;
    CurvePlot* m_loss = nullptr;
    CurvePlot* m_f1 = nullptr;
    CurvePlot* m_trials = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_speed = nullptr;
    QLabel* m_notice = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace persona::ui
