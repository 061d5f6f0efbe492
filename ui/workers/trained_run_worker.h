// Trained-run work for the Inspect and Compare views on a worker thread (core/api/trained_run.h):
// a PERSOMA run's neighbours, checkpoints and Perceiver attention for one user; several runs'
// predictions for one user, saved to the store; and the search for the next user on whom those
// runs disagree (cancelable). Runs stay open in the worker between requests. TrainedRunService
// owns the thread and hands out request ids so a stale answer is dropped.
// Leaves out what the views show.
#pragma once

#include "core/api/trained_run.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QVector>

#include <algorithm>
#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <mutex>

namespace persona::ui {

// Which trained run a view means: a run folder, or zero-shot text prompting from a RunConfig JSON.
struct RunChoice {
    QString label;
    QString dir;            // run folder; empty for zero-shot
    QString zeroShotConfig; // RunConfig JSON, used when dir is empty
    qint64 storeRunId = 0;  // the store run its predictions go under; 0: none (zero-shot: found or created)
    // Read the users from this dataset instead of the run's own (api::TrainedRun::openOn); empty:
    // the run's own dataset.
    QString dataset;
    uint minItemRatings = 20;
    bool isValid() const { return !dir.isEmpty() || !zeroShotConfig.isEmpty(); }
};

struct InspectResult {
    QString user;
    QString dataset; // the run's own dataset (api::TrainedRun::dataset)
    api::NeighbourView neighbours;
    std::vector<api::CheckpointInfo> checkpoints;
    bool hasAttention = false;
    api::AttentionView attention;
};

// One Compare column's prediction, or why there is none.
struct ColumnPrediction {
    int column = -1;
    bool ok = false;
    QString error;
    api::UserPredictionView view;
    qint64 storeRunId = 0;
    qint64 predictionId = 0; // 0 when it was not saved
};
using ColumnPredictions = QVector<ColumnPrediction>;
using RunChoices = QVector<RunChoice>; // indexed by column; invalid entries are skipped
using UserPredictions = QVector<api::UserPredictionView>; // one run on several users, in order

// Item attribution of one user by one view's run (api::TrainedRun::explain); `tag` says which
// column or pane asked.
struct ExplainResult {
    int tag = -1;
    api::ExplainView view;
};

// True when two successful predictions parsed different liked or disliked genres, or (a next-item
// run among them) generated different texts, whitespace aside.
bool predictionsDisagree(const ColumnPredictions& predictions);

// A loaded run shared by every view's worker (issue 33, defect 7: Compare, Inspect and Users each
// loaded their own copy of the same run, decoder and all, and an idle workbench grew to gigabytes).
// One per run folder or zero-shot config while any worker keeps it open; a worker uses it under its
// mutex, so two views' threads never run the same model at once.
struct SharedRun {
    std::mutex mutex;
    std::unique_ptr<api::TrainedRun> run; // empty until loaded (a failed load leaves it empty)
};

class TrainedRunWorker : public QObject {
    Q_OBJECT
public:
    // How many runs are loaded in the whole process (shared between workers).
    static std::size_t loadedRunsInProcess();

    // cancelUpTo: requests with an id at or below it stop at the next user.
    // Keeps at most maxOpenRuns runs open (each holds its own decoder, encoder and dataset), the
    // least recently used closed first.
    explicit TrainedRunWorker(std::atomic<quint64>* cancelUpTo, std::size_t maxOpenRuns = 3)
        : m_cancelUpTo(cancelUpTo), m_maxOpenRuns(std::max<std::size_t>(maxOpenRuns, 1)) {}
    ~TrainedRunWorker() override;
    std::size_t openRuns() const { return m_runs.size(); }

public slots:
    void inspect(quint64 requestId, const persona::ui::RunChoice& run, const QString& user, int k, int checkpointStep);
    void predict(quint64 requestId, const persona::ui::RunChoices& runs, const QString& user, const QString& storePath);
    // Predicts for users in order until the runs disagree; disagreement(id, "", {}) when none does.
    void findDisagreement(quint64 requestId, const persona::ui::RunChoices& runs, const QStringList& users,
                          const QString& storePath);
    // One run on several users at once (batched generation): usersPredicted, or failed.
    void predictUsers(quint64 requestId, const persona::ui::RunChoice& run, const QStringList& users);
    void explain(quint64 requestId, const persona::ui::RunChoice& run, const QString& user, int tag);
    // What the run gives the decoder for one user, without generating (api::TrainedRun::input).
    void describeInput(quint64 requestId, const persona::ui::RunChoice& run, const QString& user);
    // One user's report across the runs (api::buildUserReport, attribution included), with each
    // run's note and tags from the store: reported(id, html).
    void report(quint64 requestId, const persona::ui::RunChoices& runs, const QString& user, const QString& storePath);

signals:
    void inspected(quint64 requestId, const persona::ui::InspectResult& result);
    void predicted(quint64 requestId, const persona::ui::ColumnPredictions& predictions);
    void searching(quint64 requestId, const QString& user, int done, int total);
    void disagreement(quint64 requestId, const QString& user, const persona::ui::ColumnPredictions& predictions);
    void usersPredicted(quint64 requestId, const persona::ui::UserPredictions& predictions);
    void explained(quint64 requestId, const persona::ui::ExplainResult& result);
    void reported(quint64 requestId, const QString& html);
    void inputDescribed(quint64 requestId, const persona::api::UserPredictionView& view);
    void failed(quint64 requestId, const QString& message);

private:
    // The run, opened (or shared from another worker), locked for this worker while `lock` lives.
    struct OpenRun {
        std::shared_ptr<SharedRun> entry;
        std::unique_lock<std::mutex> lock;
        api::TrainedRun& run() { return *entry->run; }
    };
    OpenRun open(const RunChoice& run);
    ColumnPredictions predictAll(const RunChoices& runs, const QString& user, const QString& storePath);

    std::atomic<quint64>* m_cancelUpTo;
    std::size_t m_maxOpenRuns;
    std::map<QString, std::shared_ptr<SharedRun>> m_runs; // by folder or zero-shot config
    std::list<QString> m_recent;                                 // keys, most recently used last
};

// Owns the worker thread. Each call returns at once; one answer signal follows on the GUI thread
// for the latest request of each kind only.
class TrainedRunService : public QObject {
    Q_OBJECT
public:
    // maxOpenRuns: runs kept loaded between requests (Compare: one a column; Inspect: one).
    explicit TrainedRunService(QObject* parent = nullptr, std::size_t maxOpenRuns = 3);
    ~TrainedRunService() override; // cancels and waits for the running request

    void inspect(const RunChoice& run, const QString& user, int k, int checkpointStep);
    void predict(const RunChoices& runs, const QString& user, const QString& storePath);
    void findDisagreement(const RunChoices& runs, const QStringList& users, const QString& storePath);
    void predictUsers(const RunChoice& run, const QStringList& users);
    // Item attribution: every shown item left out in turn (explained or explainFailed).
    void explain(const RunChoice& run, const QString& user, int tag);
    // One user's report across the runs as HTML (reported or reportFailed).
    void report(const RunChoices& runs, const QString& user, const QString& storePath);
    // The input the run builds for one user (inputDescribed or inputFailed); cheap once the run is
    // open, no generation.
    void describeInput(const RunChoice& run, const QString& user);
    void cancel() { m_cancelUpTo = m_last; } // the running search stops at the next user
    bool isBusy() const { return m_pendingInspect || m_pendingPredict || m_pendingExplain || m_pendingReport; }
    bool isReporting() const { return m_pendingReport != 0; }
    bool isExplaining() const { return m_pendingExplain != 0; }

signals:
    void inspected(const persona::ui::InspectResult& result);
    void inspectFailed(const QString& message);
    void predicted(const persona::ui::ColumnPredictions& predictions);
    void searching(const QString& user, int done, int total);
    void disagreementFound(const QString& user, const persona::ui::ColumnPredictions& predictions); // user "" = none
    void predictFailed(const QString& message);
    void usersPredicted(const persona::ui::UserPredictions& predictions);
    void explained(const persona::ui::ExplainResult& result);
    void explainFailed(int tag, const QString& message);
    void reported(const QString& html);
    void reportFailed(const QString& message);
    void inputDescribed(const persona::api::UserPredictionView& view);
    void inputFailed(const QString& message);

    // to the worker
    void inspectRequested(quint64 requestId, const persona::ui::RunChoice& run, const QString& user, int k, int step);
    void predictRequested(quint64 requestId, const persona::ui::RunChoices& runs, const QString& user,
                          const QString& storePath);
    void searchRequested(quint64 requestId, const persona::ui::RunChoices& runs, const QStringList& users,
                         const QString& storePath);
    void usersRequested(quint64 requestId, const persona::ui::RunChoice& run, const QStringList& users);
    void explainRequested(quint64 requestId, const persona::ui::RunChoice& run, const QString& user, int tag);
    void reportRequested(quint64 requestId, const persona::ui::RunChoices& runs, const QString& user,
                         const QString& storePath);
    void inputRequested(quint64 requestId, const persona::ui::RunChoice& run, const QString& user);

private:
    QThread m_thread;
    std::atomic<quint64> m_cancelUpTo{0};
    quint64 m_last = 0;
    quint64 m_pendingInspect = 0; // latest inspect request still running, 0 when idle
    quint64 m_pendingPredict = 0; // latest predict or search request still running
    quint64 m_pendingExplain = 0; // latest item attribution still running
    quint64 m_pendingReport = 0;  // latest report still running
    quint64 m_pendingInput = 0;   // latest input description still running
    int m_explainTag = -1;
};

} // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::RunChoice)
Q_DECLARE_METATYPE(persona::ui::RunChoices)
Q_DECLARE_METATYPE(persona::ui::InspectResult)
Q_DECLARE_METATYPE(persona::ui::ColumnPredictions)
Q_DECLARE_METATYPE(persona::ui::UserPredictions)
Q_DECLARE_METATYPE(persona::ui::ExplainResult)
Q_DECLARE_METATYPE(persona::api::UserPredictionView)
