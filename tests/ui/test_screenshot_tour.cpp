// Tests what the screenshot tour (ui/screenshot_tour.cpp) chooses in the Compare view: zero-shot
// text prompting always, and the store's MiLP run (a real tiny MiLP search recorded in a temporary
// store) in the MiLP column, so the Compare screenshot fills every column.
#include "core/api/milp.h"
#include "tests/core/tiny_configs.h"
#include "ui/screenshot_tour.h"
#include "ui/views/compare_column.h"
#include "ui/views/compare_view.h"
#include "ui/workers/run_choices.h"

#include <QComboBox>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace persona::ui;

namespace {
// A MiLP search as tests/ui/test_training_worker.cpp runs it, with 2 random trials of 2 + 2 steps.
nlohmann::json tinyMilpConfig(const QString& dir)
{
    nlohmann::json j = persona::testing::tinyMilpJson("tour-milp", QDir(dir).filePath("run").toStdString());
    j["search"].update({{"totalTrials", 2}, {"stage1Steps", 2}, {"stage2Steps", 2}});
    return j;
}

RunChoice chosen(const CompareView& view, CompareView::Method m)
{
    return view.column(m)->runChooser()->currentData().value<RunChoice>();
}
} // namespace

class TestScreenshotTour : public QObject {
    Q_OBJECT
private slots:
    void choosesZeroShotAndTheMilpRun()
    {
        if (!QFileInfo::exists(QString(PERSONA_TEST_DATA) + "/nn/tiny_llama_bpe/model.safetensors"))
            QSKIP("tests/data/nn/tiny_llama_bpe is missing (run tools/make_tiny_milp_model.py)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString storePath = dir.filePath("store.sqlite");
        CompareView view;
        view.setStorePath(storePath);

        // An empty store: only zero-shot text prompting can be chosen.
        QCOMPARE(chooseTourRuns(view), 1);
        QVERIFY(chosen(view, CompareView::TextPrompting).dir.isEmpty());
        QVERIFY(!chosen(view, CompareView::TextPrompting).zeroShotConfig.isEmpty());
        QVERIFY(!chosen(view, CompareView::Milp).isValid());

        persona::api::MilpRequest request;
        request.config = tinyMilpConfig(dir.path());
        request.storePath = storePath.toStdString();
        const persona::api::MilpOutcome outcome = persona::api::runMilpSearch(request);
        QCOMPARE(outcome.status, std::string("finished"));
        QVERIFY(outcome.runId > 0);

        view.column(CompareView::TextPrompting)->runChooser()->setCurrentIndex(0); // "(none)"
        QCOMPARE(chooseTourRuns(view), 2);
        QVERIFY(chosen(view, CompareView::TextPrompting).dir.isEmpty());
        QVERIFY(!chosen(view, CompareView::TextPrompting).zeroShotConfig.isEmpty());
        QCOMPARE(chosen(view, CompareView::Milp).storeRunId, qint64(outcome.runId));
        QCOMPARE(chooseTourRuns(view, outcome.runId), 2);
        QCOMPARE(chosen(view, CompareView::Milp).storeRunId, qint64(outcome.runId));
        QVERIFY(!chosen(view, CompareView::Persoma).isValid()); // no PERSOMA run in this store
    }
};

QTEST_MAIN(TestScreenshotTour)
#include "test_screenshot_tour.moc"
