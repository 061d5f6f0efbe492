#include "ui/workers/resumable_runs.h"

#include "core/api/methods.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <exception>

namespace persona::ui {

QString ResumableRun::label() const
{
    return QCoreApplication::translate("persona::ui::ResumableRun", "#%1 %2 (%3), %4 at step %5 of %6")
        .arg(id)
        .arg(name, method, status)
        .arg(checkpointStep)
        .arg(totalSteps);
}

namespace {
bool hasDriver(const std::string& recordedMethod)
{
    const std::string family = api::methodFamily(recordedMethod);
    for (const api::MethodInfo& m : api::methodInfos())
        if (m.family == family && !m.driver.empty())
            return true;
    return false;
}
} // namespace

QList<ResumableRun> resumableRuns(const QString& storePath, QString* error)
{
    QList<ResumableRun> out;
    if (storePath.isEmpty() || !QFileInfo::exists(storePath))
        return out;
    try {
        store::Store s(storePath.toStdString()); // marks runs of dead processes interrupted
        for (const store::RunRecord& r : s.listRuns()) {
            if (r.status != store::RunStatus::Cancelled && r.status != store::RunStatus::Interrupted)
                continue;
            // A search (MiLP's) resumes through its own driver, not as one training run.
            if (!r.config.is_object() || hasDriver(r.method))
                continue;
            const store::ResumePoint rp = s.resumePoint(r.id);
            if (!rp.checkpoint)
                continue;
            // <runDir>/checkpoints/step-N.safetensors, as api::runTraining finds it.
            const QString runDir = QFileInfo(QFileInfo(QString::fromStdString(rp.checkpoint->path)).absolutePath()).absolutePath();
            if (!QFileInfo::exists(QDir(runDir).filePath(QStringLiteral("resume/state.json"))))
                continue;
            ResumableRun run;
            run.id = r.id;
            run.name = QString::fromStdString(r.name);
            run.method = QString::fromStdString(r.method);
            run.status = QString::fromUtf8(store::runStatusName(r.status));
            run.checkpointStep = rp.checkpointStep.value_or(0);
            const nlohmann::json train = r.config.value("train", nlohmann::json::object());
            if (train.is_object() && train.contains("steps") && train["steps"].is_number_integer())
                run.totalSteps = train["steps"].get<int>();
            run.runDir = runDir;
            run.config = r.config;
            out.append(run);
        }
    } catch (const std::exception& e) {
        out.clear();
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return out;
}

RecordedCurves recordedCurves(const QString& storePath, qint64 runId, qint64 upToStep)
{
    store::StoreOptions options;
    options.readOnly = true;
    options.markInterrupted = false;
    store::Store s(storePath.toStdString(), options);
    RecordedCurves c;
    auto read = [&](const char* name, QVector<double>& steps, QVector<double>& values) {
        for (const store::MetricPoint& p : s.metricPoints(runId, name)) {
            if (p.step > upToStep || !std::isfinite(p.value))
                continue;
            steps << static_cast<double>(p.step);
            values << p.value;
        }
    };
    (void)s.run(runId); // a missing run throws, naming it
    read("train_loss", c.trainSteps, c.trainLoss);
    read("val_loss", c.valSteps, c.valLoss);
    read("val_f1", c.f1Steps, c.valF1);
    read("wall_time_seconds", c.wallSteps, c.wallSeconds);
    return c;
}

} // namespace persona::ui
