// Tests the widgets of ui/views/training_view.cpp and inspect_view.cpp without a trainer: progress
// reports become curve points (NaN values skipped), the buttons follow the state, and the
// neighbour table, heatmap and CSV export show what they are given. (The trainer facade that will
// feed them is not connected yet; these tests cover the widgets' own behaviour.)
#include "ui/charts/curve_plot.h"
#include "ui/charts/heatmap_plot.h"
#include "ui/views/export_location.h"
#include "ui/views/inspect_view.h"
#include "ui/views/training_view.h"

#include <QFile>
#include <QFileInfo>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using persona::ui::TrainingProgress;
using persona::ui::TrainingView;

class TestTrainingInspectViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings in a test folder, not the user's
        QSettings().remove("export/folder");
    }

    void progressBecomesCurvePoints()
    {
        TrainingView view;
        view.show();
        view.reset(100);
        for (int step = 1; step <= 6; ++step) {
            TrainingProgress p;
            p.step = step;
            p.totalSteps = 100;
            p.trainLoss = 3.0 / step;
            if (step % 3 == 0) {
                p.valLoss = 2.0 / step;
                p.valF1 = 0.1 * step;
            }
            p.tokensPerSecond = 1234;
            p.etaSeconds = 75;
            view.addProgress(p);
        }
        QCOMPARE(view.lossPlot()->pointCount(0), 6); // training loss every step
        QCOMPARE(view.lossPlot()->pointCount(1), 2); // validation loss at steps 3 and 6
        QCOMPARE(view.f1Plot()->pointCount(0), 2);
        QCOMPARE(view.f1Plot()->graph(0)->data()->at(1)->value, 0.6);
        // Both plots span the run's steps, the F1 plot before its first evaluation too.
        QCOMPARE(view.lossPlot()->xAxis->range().upper, 100.0);
        QCOMPARE(view.f1Plot()->xAxis->range().upper, 100.0);
        QCOMPARE(view.f1Plot()->xAxis->range().lower, 0.0);
        view.reset(10);
        QCOMPARE(view.lossPlot()->pointCount(0), 0);
        // A new run never shows the previous run's axis (it was 0..100).
        QCOMPARE(view.f1Plot()->xAxis->range().upper, 10.0);
        QCOMPARE(view.lossPlot()->xAxis->range().upper, 10.0);
        TrainingProgress first;
        first.step = 1;
        first.totalSteps = 10;
        first.trainLoss = 2.0;
        view.addProgress(first);
        QCOMPARE(view.f1Plot()->xAxis->range().upper, 10.0);
        QCOMPARE(view.lossPlot()->xAxis->range().upper, 10.0);
    }

    // Pause says "paused" even when the step in flight reports after it; the test pass after the
    // last step shows work going on, not "ETA 0 s"; the end puts the bar back on the steps.
    void pauseAndTestPassAreShownAsSuch()
    {
        TrainingView view;
        view.reset(20);
        TrainingProgress p;
        p.totalSteps = 20;
        p.trainLoss = 1.0;
        p.etaSeconds = 30;
        p.phase = "training";
        p.step = 3;
        view.addProgress(p);
        QCOMPARE(view.timeText(), QString("ETA 30 s"));
        view.setState(TrainingView::State::Paused);
        p.step = 4; // the step that was running when Pause was pressed
        view.addProgress(p);
        QCOMPARE(view.phaseText(), QString("paused"));
        QVERIFY2(view.timeText().contains("paused"), qPrintable(view.timeText()));
        view.setState(TrainingView::State::Running);
        QCOMPARE(view.phaseText(), QString("training"));
        p.step = 20;
        p.etaSeconds = 0;
        view.addProgress(p);
        TrainingProgress testing;
        testing.step = 20;
        testing.totalSteps = 20;
        testing.phase = "testing";
        view.addProgress(testing);
        QCOMPARE(view.phaseText(), QString("testing"));
        QVERIFY2(!view.timeText().contains("0 s"), qPrintable(view.timeText()));
        auto* bar = view.findChild<QProgressBar*>();
        QVERIFY(bar);
        QCOMPARE(bar->maximum(), 0); // busy
        view.setState(TrainingView::State::Idle);
    }

    void buttonsFollowState()
    {
        TrainingView view;
        auto* start = view.findChild<QPushButton*>();
        QVERIFY(start);
        QVERIFY(!start->isEnabled()); // no trainer connected
        view.setTrainerAvailable(true);
        QVERIFY(start->isEnabled());
        QSignalSpy started(&view, &TrainingView::startRequested);
        start->click();
        QCOMPARE(started.count(), 1);
        view.setState(TrainingView::State::Running);
        QVERIFY(!start->isEnabled());
    }

    void neighboursTableHeatmapAndCsv()
    {
        persona::ui::InspectView view;
        QVector<persona::ui::TokenNeighbours> neighbours;
        neighbours.append({0, {"drama", "film", "romance"}, {0.91, 0.85, 0.5}, "user", 1.5, true});
        neighbours.append({1, {"action", "\"quoted\", word"}, {0.7, 0.6}, "task", 0.8, false});
        view.setNeighbours("user 1", neighbours, "1", "#7 persoma", "final");
        QCOMPARE(view.table()->rowCount(), 2); // one row per soft token
        QVERIFY(view.table()->item(1, 4)->text().contains(QString("\"quoted\", word (0.600)")));
        QCOMPARE(view.table()->item(0, 0)->text(), QString("p0"));
        QCOMPARE(view.heatmap()->rows(), 2);
        QCOMPARE(view.heatmap()->columns(), 3);
        QTemporaryDir dir;
        const QString path = dir.filePath("n.csv");
        QSignalSpy exported(&view, &persona::ui::InspectView::exported);
        QVERIFY(view.exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[0], QByteArray("user,run,checkpoint,token,role,norm,rank,neighbour,cosine"));
        QCOMPARE(lines[1], QByteArray("1,#7 persoma,final,0,user,1.5,1,drama,0.91"));
        QCOMPARE(lines[5], QByteArray("1,#7 persoma,final,1,task,0.8,2,\"\"\"quoted\"\", word\",0.6"));
        QCOMPARE(exported.count(), 1);
        QVERIFY2(exported.first().at(0).toString().contains("5 neighbour row(s) of user 1"), qPrintable(exported.first().at(0).toString()));
        // The next export dialog opens where this one went, not in the program's folder.
        QCOMPARE(persona::ui::exportLocation("n.csv"), QFileInfo(path).absolutePath() + "/n.csv");
        QSignalSpy errors(&view, &persona::ui::InspectView::errorOccurred);
        QVERIFY(!view.exportCsv(dir.filePath("missing-folder/n.csv")));
        QCOMPARE(errors.count(), 1);
    }
};

QTEST_MAIN(TestTrainingInspectViews)
#include "test_training_inspect_views.moc"
