// The store runs the Training view can resume (cancelled or interrupted training runs whose last
// checkpoint still has its resume state on disk) and the curve points they recorded so far. Reads
// the store on the calling (GUI) thread: a few small queries. Leaves out resuming itself
// (TrainingRunner with TrainingJob::resumeRunId, api::runTraining).
#pragma once

#include <nlohmann/json.hpp>

#include <QList>
#include <QString>
#include <QVector>

namespace persona::ui {

struct ResumableRun {
    qint64 id = 0;
    QString name;
    QString method;
    QString status;          // "cancelled" or "interrupted"
    qint64 checkpointStep = 0; // the run continues after this step
    int totalSteps = 0;      // the recorded config's train.steps
    QString runDir;
    nlohmann::json config = nlohmann::json::object(); // the recorded RunConfig

    // "#12 ui-tiny (persoma), cancelled at step 7 of 40" (translated).
    QString label() const;
};

// Cancelled or interrupted runs (MiLP searches left out: they do not resume) with a checkpoint
// artifact and <runDir>/resume/state.json, newest first. Opening the store marks runs left running
// by a dead process as interrupted. A missing store gives none; an unreadable one gives none and
// *error (when given) says why.
QList<ResumableRun> resumableRuns(const QString& storePath, QString* error = nullptr);

// What a run recorded so far, as the Training view draws it.
struct RecordedCurves {
    QVector<double> trainSteps, trainLoss;
    QVector<double> valSteps, valLoss;
    QVector<double> f1Steps, valF1;
    QVector<double> wallSteps, wallSeconds; // wall_time_seconds: the curves' wall-time axis
};
// The run's train_loss, val_loss and val_f1 points with step <= upToStep. Throws persona::StoreError
// (a missing run, an unreadable store).
RecordedCurves recordedCurves(const QString& storePath, qint64 runId, qint64 upToStep);

} // namespace persona::ui
