// Tests resuming in ui/views/training_view.cpp over the real trainer on tiny model files: Start,
// Cancel after a few steps, then "Resume Run…" offers the cancelled run in its dialog and continues
// it; the curve shows the recorded steps and then the new ones, each step exactly once, and the
// store run ends finished. Also: GUI runs get periodic resumable checkpoints (checkpointEvery) and
// a finished run shows its mean tokens/s and elapsed time instead of "0 tokens/s".
#include "core/store/store.h"
#include "tests/core/tiny_configs.h"
#include "ui/charts/curve_plot.h"
#include "ui/views/training_view.h"
#include "ui/workers/resumable_runs.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>
#include <set>

using persona::ui::TrainingView;
namespace store = persona::store;

namespace {
// A PERSOMA run on tests/data/nn/tiny_train (as tests/ui/test_training_worker.cpp trains it).
nlohmann::json tinyConfig(const QString& dir, int steps, int evalEvery)
{
    return persona::testing::tinyPersomaJson("ui-resume", QDir(dir).filePath("run").toStdString(), steps, evalEvery);
}

QList<double> keys(const QCPGraph* graph)
{
    QList<double> out;
    for (int i = 0; i < graph->dataCount(); ++i)
        out << graph->data()->at(i)->key;
    return out;
}
} // namespace

class TestTrainingResume : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("settings"));
        if (!QFileInfo::exists(QString(PERSONA_TEST_DATA) + "/nn/tiny_train/decoder/model.safetensors"))
            QSKIP("tests/data/nn/tiny_train is missing (run tools/make_tiny_train_models.py)");
    }

    void checkpointEveryRules()
    {
        QCOMPARE(persona::api::defaultCheckpointEvery(tinyConfig("x", 40, 3)), 3);
        QCOMPARE(persona::api::defaultCheckpointEvery(tinyConfig("x", 20, 0)), 2);
        QCOMPARE(persona::api::defaultCheckpointEvery(tinyConfig("x", 5, 0)), 1);
        QCOMPARE(persona::api::defaultCheckpointEvery(tinyConfig("x", 100000, 0)), persona::api::kMaxCheckpointEvery);
        // A config without train fields takes the core's defaults (evalEvery 50).
        const int defaultEval = persona::api::defaultRunConfig()["train"]["evalEvery"].get<int>();
        QCOMPARE(persona::api::defaultCheckpointEvery(nlohmann::json::object()), defaultEval);
    }

    void cancelThenResumeContinuesTheCurve()
    {
        constexpr int kSteps = 120; // enough that Cancel lands mid-run on a fast machine
        const QString storePath = m_dir.filePath("store.sqlite");
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        auto* resumeButton = view.findChild<QPushButton*>("resumeRunButton");
        QVERIFY(resumeButton);
        QVERIFY(!resumeButton->isEnabled()); // no store yet
        view.setStorePath(storePath);
        QVERIFY(resumeButton->isEnabled());
        const nlohmann::json config = tinyConfig(m_dir.filePath("a"), kSteps, 3);
        view.setJobSource([config] { return TrainingView::Job{config, false}; });
        QSignalSpy finished(&view, &TrainingView::runFinished);
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        QSignalSpy started(&view, &TrainingView::runStarted);

        // Resume with nothing to resume says so and starts nothing.
        resumeButton->click();
        QCOMPARE(view.state(), TrainingView::State::Idle);
        QVERIFY2(view.statusText().contains("No cancelled"), qPrintable(view.statusText()));

        view.findChild<QPushButton*>("startButton")->click();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QVERIFY(!resumeButton->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(view.lossPlot()->graph(0)->dataCount() >= 5 || !errors.isEmpty(), 60000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(1).toString()));
        view.findChild<QPushButton*>("cancelButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::Idle, 30000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toString(), QString("cancelled"));
        const qint64 runId = finished.first().at(0).toLongLong();
        QVERIFY(runId > 0);

        const QList<persona::ui::ResumableRun> resumable = persona::ui::resumableRuns(storePath);
        QCOMPARE(resumable.size(), 1);
        QCOMPARE(resumable.first().id, runId);
        const qint64 cancelledAt = resumable.first().checkpointStep;
        QVERIFY2(cancelledAt >= 5 && cancelledAt < kSteps, qPrintable(QString::number(cancelledAt)));
        qInfo("cancelled at step %lld of %d", static_cast<long long>(cancelledAt), kSteps);

        // Resume Run…: the dialog lists the cancelled run; accepting it resumes the run.
        QStringList offered;
        bool dialogSeen = false;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog || dialog->objectName() != "resumeDialog")
                return;
            answer.stop();
            dialogSeen = true;
            offered = dialog->comboBoxItems();
            dialog->setTextValue(offered.value(0));
            dialog->accept();
        });
        answer.start();
        resumeButton->click();
        answer.stop();
        QVERIFY(dialogSeen);
        QCOMPARE(offered.size(), 1);
        QVERIFY2(offered.first().startsWith(QString("#%1 ").arg(runId)), qPrintable(offered.first()));
        QCOMPARE(view.state(), TrainingView::State::Running);
        // Before any new step arrives, the curve holds the recorded steps 1..cancelledAt (without
        // cancelledAt itself when the cancel came during its evaluation: the resume redoes it).
        QList<double> expected;
        for (int s = 1; s <= cancelledAt; ++s)
            expected << s;
        QList<double> shown = keys(view.lossPlot()->graph(0));
        if (shown.size() == expected.size() - 1 && cancelledAt % 3 == 0)
            expected.removeLast();
        QCOMPARE(shown, expected);
        QVERIFY(view.lossPlot()->graph(1)->dataCount() >= 1); // validation every 3 steps

        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2 || !errors.isEmpty(), 120000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(1).toString()));
        QCOMPARE(finished.at(1).at(0).toLongLong(), runId);
        QCOMPARE(finished.at(1).at(1).toString(), QString("finished"));
        // Each job announced its store run once (the Runs view refreshes on it: "running", not
        // the old "cancelled"), the resumed job the same run.
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(0).at(0).toLongLong(), runId);
        QCOMPARE(started.at(1).at(0).toLongLong(), runId);

        // Every step exactly once, 1..kSteps; validation points at each 3rd step, once each.
        expected.clear();
        for (int s = 1; s <= kSteps; ++s)
            expected << s;
        QCOMPARE(keys(view.lossPlot()->graph(0)), expected);
        QList<double> evals;
        for (int s = 3; s <= kSteps; s += 3)
            evals << s;
        QCOMPARE(keys(view.lossPlot()->graph(1)), evals);
        QCOMPARE(keys(view.f1Plot()->graph(0)), evals);

        store::Store s(storePath.toStdString());
        const store::RunRecord run = s.run(runId);
        QCOMPARE(run.status, store::RunStatus::Finished);
        QCOMPARE(s.listRuns().size(), std::size_t(1)); // resumed, not a new run
        std::set<std::int64_t> steps;
        for (const store::MetricPoint& p : s.metricPoints(runId, "train_loss"))
            QVERIFY2(steps.insert(p.step).second, qPrintable(QString("step %1 twice in the store").arg(p.step)));
        QCOMPARE(steps.size(), std::size_t(kSteps));
        QVERIFY(persona::ui::resumableRuns(storePath).isEmpty()); // finished: nothing left to resume
    }

    void finishedRunShowsMeanSpeedAndPeriodicCheckpoints()
    {
        // No evaluation until the end: the GUI still checkpoints every 2 steps (a tenth of 20).
        const QString storePath = m_dir.filePath("store2.sqlite");
        TrainingView view;
        view.setStorePath(storePath);
        const nlohmann::json config = tinyConfig(m_dir.filePath("b"), 20, 0);
        view.setJobSource([config] { return TrainingView::Job{config, false}; });
        QSignalSpy finished(&view, &TrainingView::runFinished);
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        QVERIFY(view.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !errors.isEmpty(), 120000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(1).toString()));
        QCOMPARE(finished.first().at(1).toString(), QString("finished"));
        const qint64 runId = finished.first().at(0).toLongLong();

        store::Store s(storePath.toStdString());
        std::set<std::int64_t> checkpointSteps;
        for (const store::ArtifactRecord& a : s.artifacts(runId))
            if (a.kind == "checkpoint" && a.step)
                checkpointSteps.insert(*a.step);
        for (std::int64_t step = 2; step <= 20; step += 2)
            QVERIFY2(checkpointSteps.count(step), qPrintable(QString("no checkpoint at step %1").arg(step)));

        // The speed is the last step's tokens/s (the trainer's mean over the run), not 0.
        const std::vector<store::MetricPoint> speed = s.metricPoints(runId, "tokens_per_second");
        QVERIFY(!speed.empty());
        const double mean = speed.back().value;
        QVERIFY(mean > 0.0);
        const QRegularExpressionMatch m = QRegularExpression("^(\\d+) tokens/s \\(mean\\)$").match(view.speedText());
        QVERIFY2(m.hasMatch(), qPrintable(view.speedText()));
        QCOMPARE(m.captured(1).toLongLong(), std::llround(mean));
        QVERIFY2(view.timeText().startsWith("trained for "), qPrintable(view.timeText()));
        QVERIFY2(QRegularExpression("\\d+ (s|min|h)").match(view.timeText()).hasMatch(), qPrintable(view.timeText()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestTrainingResume)
#include "test_training_resume.moc"
