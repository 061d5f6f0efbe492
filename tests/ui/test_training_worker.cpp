// Tests ui/views/training_view.cpp with ui/workers/training_worker.cpp over the real trainer
// (api::runTraining) on tiny model files: the Start button trains on a worker thread, curve points
// arrive in the plots' graph data, the event loop keeps serving a 10 ms timer meanwhile (the
// longest gap is printed, not asserted), Pause/Resume follow, Cancel brings the view back to Idle
// and the run is recorded as cancelled in a temporary store; a bad config reports an error.
#include "core/api/diagnostics.h"
#include "core/api/milp.h"
#include "core/store/store.h"
#include "tests/core/tiny_configs.h"
#include "ui/charts/curve_plot.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/main_window.h"
#include "ui/views/method_settings.h"
#include "ui/views/runs_view.h"
#include "ui/views/training_view.h"
#include "ui_test_data.h"

#include <QDir>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <set>

using persona::ui::MilpTrialPoint;
using persona::ui::TrainingView;

namespace store = persona::store;

namespace {
std::string readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

// A PERSOMA run on tests/data/nn/tiny_train; many steps so it is still training when Cancel is pressed.
nlohmann::json tinyConfig(const QString& dir)
{
    return persona::testing::tinyPersomaJson("ui-tiny", QDir(dir).filePath("run").toStdString(), 100000, 3);
}
// A MiLP search as tests/core/train/test_milp.cpp runs it: 4 trials (2 random) of 3 + 3 steps.
nlohmann::json tinyMilpConfig(const QString& dir)
{
    return persona::testing::tinyMilpJson("ui-milp", QDir(dir).filePath("run").toStdString());
}
} // namespace

class TestTrainingWorker : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        uitest::useOwnSettings(m_dir.filePath("settings"), "test_training_worker");
        if (!QFileInfo::exists(QString(PERSONA_TEST_DATA) + "/nn/tiny_train/decoder/model.safetensors"))
            QSKIP("tests/data/nn/tiny_train is missing (run tools/make_tiny_train_models.py)");
    }

    void startCurvesPauseCancel()
    {
        const QString storePath = m_dir.filePath("store.sqlite");
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        view.setStorePath(storePath);
        const nlohmann::json config = tinyConfig(m_dir.filePath("a"));
        view.setJobSource([config] { return TrainingView::Job{config, false}; });
        auto* start = view.findChild<QPushButton*>("startButton");
        auto* pause = view.findChild<QPushButton*>("pauseButton");
        auto* cancel = view.findChild<QPushButton*>("cancelButton");
        QVERIFY(start && pause && cancel);
        QVERIFY(start->isEnabled());
        QVERIFY(!cancel->isEnabled());

        // Event-loop responsiveness: a 10 ms timer records the longest gap between its ticks.
        int ticks = 0;
        qint64 longestGapMs = 0;
        QElapsedTimer sinceTick;
        QTimer probe;
        probe.setInterval(10);
        connect(&probe, &QTimer::timeout, this, [&] {
            if (sinceTick.isValid())
                longestGapMs = std::max(longestGapMs, sinceTick.elapsed());
            sinceTick.start();
            ++ticks;
        });

        QSignalSpy finished(&view, &TrainingView::runFinished);
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        probe.start();
        start->click();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QVERIFY(!start->isEnabled());
        QVERIFY(cancel->isEnabled());
        QVERIFY(view.f1Plot()->isVisibleTo(&view) && !view.trialsPlot()->isVisibleTo(&view));

        // Curve points arrive: training loss every step, validation loss every 3 steps.
        QTRY_VERIFY_WITH_TIMEOUT(view.lossPlot()->graph(0)->dataCount() >= 6 || !errors.isEmpty(), 40000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(view.lossPlot()->graph(1)->dataCount() >= 1, 20000);
        QVERIFY(view.f1Plot()->graph(0)->dataCount() >= 1);
        const double firstLoss = view.lossPlot()->graph(0)->data()->at(0)->value;
        QVERIFY(std::isfinite(firstLoss) && firstLoss > 0.0);
        QVERIFY(view.lossPlot()->graph(0)->data()->at(0)->key >= 1.0);

        // Pause holds the job between steps; Resume lets it go on.
        pause->click();
        QCOMPARE(view.state(), TrainingView::State::Paused);
        QVERIFY(view.runner()->isPaused());
        QTest::qWait(500); // let a step in flight finish and its batch arrive
        const int pausedAt = view.lossPlot()->graph(0)->dataCount();
        QTest::qWait(500);
        QCOMPARE(view.lossPlot()->graph(0)->dataCount(), pausedAt);
        pause->click();
        QCOMPARE(view.state(), TrainingView::State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(view.lossPlot()->graph(0)->dataCount() > pausedAt, 20000);

        cancel->click();
        QCOMPARE(view.state(), TrainingView::State::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(view.state(), TrainingView::State::Idle, 20000);
        probe.stop();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toString(), QString("cancelled"));
        const qint64 runId = finished.first().at(0).toLongLong();
        QVERIFY(runId > 0);
        QVERIFY(start->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QVERIFY2(view.statusText().contains(QString::number(runId)), qPrintable(view.statusText()));

        qInfo("event loop while training: %d timer ticks, longest gap %lld ms", ticks, longestGapMs);
        QVERIFY2(ticks >= 20, qPrintable(QString("only %1 timer ticks while training").arg(ticks)));

        store::Store s(storePath.toStdString());
        const store::RunRecord run = s.run(runId);
        QCOMPARE(run.status, store::RunStatus::Cancelled);
        QVERIFY(s.metricPointCount(runId) > 0);
    }

    void badConfigReportsError()
    {
        TrainingView view;
        view.setStorePath(m_dir.filePath("store2.sqlite"));
        nlohmann::json config = tinyConfig(m_dir.filePath("b"));
        config["models"]["decoder"] = m_dir.filePath("missing-model.gguf").toStdString();
        view.setJobSource([config] { return TrainingView::Job{config, false}; });
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        QVERIFY(view.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
        QVERIFY2(errors.first().at(1).toString().contains("missing-model.gguf"), qPrintable(errors.first().at(1).toString()));
        QCOMPARE(view.state(), TrainingView::State::Idle);
        // The view is usable again: a second start is accepted.
        QVERIFY(view.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 20000);
    }

    void tooBigForMemoryReportsWhatToShorten()
    {
        // The core's memory check reaches the view as an error, not a crash. The workbench's configs
        // split a batch into passes that fit (microBatchSize -1), so what remains to report is a
        // single example too large for memory (train.memoryLimitMiB stands in for a small machine).
        TrainingView view;
        view.setStorePath(m_dir.filePath("store-memory.sqlite"));
        nlohmann::json config = tinyConfig(m_dir.filePath("m"));
        config["train"]["batchSize"] = 4096;
        config["train"]["microBatchSize"] = -1;
        config["train"]["memoryLimitMiB"] = 1;
        view.setJobSource([config] { return TrainingView::Job{config, false}; });
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        QVERIFY(view.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
        const QString message = errors.first().at(1).toString();
        QVERIFY2(message.contains("even one sequence a pass does not fit") && message.contains("data.historySize"),
                 qPrintable(message));
        QCOMPARE(view.state(), TrainingView::State::Idle);
        QCOMPARE(view.lossPlot()->graph(0)->dataCount(), 0);
    }

    void closingWhileTrainingJoins()
    {
        // Destroying the view mid-run, while paused, cancels the job (waking it) and joins the
        // thread without hanging.
        const QString storePath = m_dir.filePath("store3.sqlite");
        {
            TrainingView view;
            view.setStorePath(storePath);
            const nlohmann::json config = tinyConfig(m_dir.filePath("c"));
            view.setJobSource([config] { return TrainingView::Job{config, false}; });
            QVERIFY(view.startTraining());
            QTRY_VERIFY_WITH_TIMEOUT(view.lossPlot()->graph(0)->dataCount() >= 1, 40000);
            view.findChild<QPushButton*>("pauseButton")->click();
            QCOMPARE(view.state(), TrainingView::State::Paused);
        }
        store::Store s(storePath.toStdString());
        const std::vector<store::RunRecord> runs = s.listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs.front().status, store::RunStatus::Cancelled);
    }

    // The trial plot shares its row with the hypervolume plot: at a common window size its axis labels
    // must fit beside and below it (a one-line y label was cut at both ends in the MiLP screenshot).
    void milpTrialPlotLabelsFit()
    {
        TrainingView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.reset(6, true);
        QCoreApplication::processEvents();
        persona::ui::CurvePlot* plot = view.trialsPlot();
        QVERIFY(plot->isVisibleTo(&view));
        QVERIFY2(plot->height() > view.lossPlot()->height(), "a search's objective plots get more height than the loss");
        plot->replot();
        const QRect rect = plot->axisRect()->rect();
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            const QRect text = QFontMetrics(axis->labelFont()).boundingRect(QRect(), Qt::TextDontClip | Qt::AlignHCenter,
                                                                             axis->label());
            const int room = axis == plot->yAxis ? rect.height() : rect.width();
            QVERIFY2(text.width() <= room, qPrintable(QString("label '%1' is %2 px long, the axis %3 px")
                                                          .arg(axis->label()).arg(text.width()).arg(room)));
        }
    }

    void milpSearchPlotsTrialsAndFront()
    {
        if (!QFileInfo::exists(QString(PERSONA_TEST_DATA) + "/nn/tiny_llama_bpe/model.safetensors"))
            QSKIP("tests/data/nn/tiny_llama_bpe is missing (run tools/make_tiny_milp_model.py)");
        const QString storePath = m_dir.filePath("store-milp.sqlite");
        TrainingView view;
        view.setStorePath(storePath);
        const nlohmann::json config = tinyMilpConfig(m_dir.filePath("m"));
        view.setJobSource([config] { return TrainingView::Job{config, true}; });
        QSignalSpy finished(&view, &TrainingView::runFinished);
        QSignalSpy errors(&view, &TrainingView::errorOccurred);
        QSignalSpy trialSignals(view.runner(), &persona::ui::TrainingRunner::trial);
        QVERIFY(view.startTraining());
        QVERIFY(view.trialsPlot()->isVisibleTo(&view));
        QVERIFY(!view.f1Plot()->isVisibleTo(&view)); // no per-step validation in a search
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !errors.isEmpty(), 55000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(1).toString()));
        QCOMPARE(finished.first().at(1).toString(), QString("finished"));
        QCOMPARE(view.state(), TrainingView::State::Idle);

        // Every trial is a point in objective space; the front holds exactly the non-dominated ones.
        QCPGraph* trials = view.trialsPlot()->graph(0);
        QCPGraph* front = view.trialsPlot()->graph(1);
        QCOMPARE(trials->dataCount(), 4);
        QVERIFY(front->dataCount() >= 1);
        auto dominated = [&](double loss, double metric) {
            for (int i = 0; i < trials->dataCount(); ++i) {
                const double l = trials->data()->at(i)->key, m = trials->data()->at(i)->value;
                if (l <= loss && m >= metric && (l < loss || m > metric))
                    return true;
            }
            return false;
        };
        int nonDominated = 0;
        for (int i = 0; i < trials->dataCount(); ++i)
            nonDominated += dominated(trials->data()->at(i)->key, trials->data()->at(i)->value) ? 0 : 1;
        for (int i = 0; i < front->dataCount(); ++i)
            QVERIFY(!dominated(front->data()->at(i)->key, front->data()->at(i)->value));
        QVERIFY(front->dataCount() <= nonDominated);
        // Hypervolume after each trial w.r.t. the final reference point (provisional values of the
        // initial trials are left out of the curve) never decreases.
        QCOMPARE(trialSignals.count(), 4);
        int finiteHypervolumes = 0;
        for (const QList<QVariant>& args : trialSignals)
        {
            const auto t = args.at(0).value<persona::ui::MilpTrialPoint>();
            finiteHypervolumes += std::isfinite(t.hypervolume) && !t.provisional ? 1 : 0;
        }
        QVERIFY(finiteHypervolumes >= 1);
        // Once the search ends, the curve holds every trial w.r.t. the final reference point, as
        // the run's metrics.json records them, and never decreases.
        QCPGraph* hv = view.hypervolumePlot()->graph(0);
        const nlohmann::json metrics = nlohmann::json::parse(readAll(QDir(m_dir.filePath("m")).filePath("run/metrics.json")));
        const auto recorded = metrics.at("hypervolumes").get<std::vector<double>>();
        QCOMPARE(hv->dataCount(), int(recorded.size()));
        for (int i = 0; i < hv->dataCount(); ++i) {
            QCOMPARE(hv->data()->at(i)->key, double(i + 1));
            QVERIFY(std::abs(hv->data()->at(i)->value - recorded[std::size_t(i)]) < 1e-12);
            if (i > 0)
                QVERIFY(hv->data()->at(i)->value >= hv->data()->at(i - 1)->value - 1e-12);
        }
        QVERIFY(view.lossPlot()->graph(0)->dataCount() > 0);

        // The trial table: one row per trial with the configuration the core reported, no value
        // left provisional, and "on the front" exactly for the recorded front.
        QTableWidget* table = view.trialTable();
        QVERIFY(table->isVisibleTo(&view));
        QCOMPARE(table->rowCount(), 4);
        std::set<int> front_(metrics.at("paretoFront").begin(), metrics.at("paretoFront").end());
        for (int r = 0; r < 4; ++r) {
            const nlohmann::json& t = metrics.at("trials").at(std::size_t(r));
            QCOMPARE(table->item(r, TrainingView::TrialNumber)->text(), QString::number(r + 1));
            QCOMPARE(table->item(r, TrainingView::TrialLayers)->text(), QString::number(t.at("config").at("layers").size()));
            QCOMPARE(table->item(r, TrainingView::TrialModules)->text(), QString::number(t.at("config").at("modules").get<int>()));
            QCOMPARE(table->item(r, TrainingView::TrialRank)->text(), QString::number(t.at("config").at("rank").get<int>()));
            QCOMPARE(table->item(r, TrainingView::TrialProposal)->text(), QString(r < 2 ? "random" : "BO"));
            QVERIFY(!table->item(r, TrainingView::TrialHypervolume)->text().contains("provisional"));
            QCOMPARE(table->item(r, TrainingView::TrialResult)->text() == "on the front", front_.count(r) == 1);
        }

        store::Store s(storePath.toStdString());
        const store::RunRecord run = s.run(finished.first().at(0).toLongLong());
        QCOMPARE(run.method, std::string("milp"));
        QCOMPARE(run.status, store::RunStatus::Finished);
    }

    void failedTrialShowsItsReason()
    {
        // A failed trial (as the core reports a diverged one) is a table row with the reason and a
        // status line, and stays out of the objective-space plot and the front.
        TrainingView view;
        view.reset(10, true);
        MilpTrialPoint ok;
        ok.trial = 0;
        ok.valLoss = 0.9;
        ok.valMetric = 0.2;
        ok.random = true;
        ok.activeLayers = 3;
        ok.modules = 4;
        ok.rank = 16;
        ok.onFront = true;
        view.addTrial(ok);
        MilpTrialPoint bad = ok;
        bad.trial = 1;
        bad.valLoss = bad.valMetric = std::nan("");
        bad.onFront = false;
        bad.failed = true;
        bad.failure = "training diverged: loss is nan at step 3 (try a lower learning rate)";
        view.addTrial(bad);
        QCOMPARE(view.trialTable()->rowCount(), 2);
        QCOMPARE(view.trialTable()->item(1, TrainingView::TrialResult)->text(), "failed: " + bad.failure);
        QCOMPARE(view.trialTable()->item(1, TrainingView::TrialValLoss)->text(), QString("—"));
        QVERIFY(view.statusText().contains("Trial 2 failed"));
        QVERIFY(view.statusText().contains(bad.failure));
        QCOMPARE(view.trialsPlot()->graph(0)->dataCount(), 1);
        QCOMPARE(view.trialsPlot()->graph(1)->dataCount(), 1);
    }

    void methodSettingsGiveValidConfigs()
    {
        // What the Method view hands to Start is accepted by the core for every method.
        using namespace persona::ui;
        for (const MethodPreset& preset : methodPresets()) {
            const nlohmann::json config = runConfig(preset.settings, "/some/dataset");
            try {
                if (preset.settings.method == "milp") {
                    QVERIFY(config.contains("search"));
                    persona::api::validateMilpConfig(config);
                } else {
                    persona::api::validateRunConfig(config);
                    QCOMPARE(config["train"]["steps"].get<int>(), preset.settings.steps);
                    // No micro-batch setting in the workbench: a batch too large for memory runs in passes.
                    QCOMPARE(config["train"]["microBatchSize"].get<int>(), -1);
                }
            } catch (const std::exception& e) {
                QFAIL(qPrintable(preset.name + ": " + QString::fromUtf8(e.what())));
            }
            QCOMPARE(config["data"]["dataset"].get<std::string>(), std::string("/some/dataset"));
            QVERIFY(!config.contains("outputDir")); // the Training view names a fresh folder
        }
        // The defaults are the core's.
        const nlohmann::json core = persona::api::defaultRunConfig();
        QCOMPARE(defaultMethodSettings().steps, core["train"]["steps"].get<int>());
        QCOMPARE(defaultMethodSettings().historySize, core["data"]["historySize"].get<int>());
    }

    void mainWindowRefreshesRunsAfterTraining()
    {
        // The main window wires Training to the store and the Runs view: a finished run shows up
        // there, selected.
        persona::ui::MainWindow window;
        window.openStore(m_dir.filePath("store-mw.sqlite"));
        QCOMPARE(window.trainingView()->storePath(), m_dir.filePath("store-mw.sqlite"));
        nlohmann::json config = tinyConfig(m_dir.filePath("mw"));
        config["train"]["steps"] = 3;
        config["train"]["evalEvery"] = 0;
        window.trainingView()->setJobSource([config] { return TrainingView::Job{config, false}; });
        QSignalSpy finished(window.trainingView(), &TrainingView::runFinished);
        window.trainingView()->findChild<QPushButton*>("startButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 50000);
        QCOMPARE(finished.first().at(1).toString(), QString("finished"));
        const qint64 runId = finished.first().at(0).toLongLong();
        QCOMPARE(window.runsView()->model()->rowCount(), 1);
        QCOMPARE(window.runsView()->selectedRuns(), QList<qint64>{runId});
        QCOMPARE(window.trainingView()->lossPlot()->graph(0)->dataCount(), 3);
        // The status line gives the run's test scores as its metrics.json has them.
        std::ifstream in(QDir(finished.first().at(2).toString()).filePath("metrics.json").toStdString());
        const nlohmann::json test = nlohmann::json::parse(in).at("test");
        const QString status = window.trainingView()->statusText();
        QVERIFY2(status.contains(QString("Test F1 %1, %2 against other users' truths")
                                     .arg(test.at("f1").get<double>(), 0, 'f', 3)
                                     .arg(test.at("crossUserF1").get<double>(), 0, 'f', 3)),
                 qPrintable(status));
        QVERIFY2(status.contains(QString("for %1 user").arg(test.at("users").get<int>())), qPrintable(status));
        // ... and says in plain words whether it personalizes, with a warning when it does not.
        const persona::api::PersonalizationReport verdict = persona::api::personalizationReport(test);
        QVERIFY(verdict.level != persona::api::Personalization::Unknown);
        const bool warn = verdict.level != persona::api::Personalization::Personal;
        QCOMPARE(status.contains(QString("Warning:")), warn);
        QCOMPARE(status.contains(QString("It personalizes")), !warn);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestTrainingWorker)
#include "test_training_worker.moc"
