// Tests ui/main_window.cpp: the window opens with its menus and keeps its geometry in QSettings.
#include "ui/main_window.h"

#include <QApplication>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName("PersonaWorkbenchTest");
        QCoreApplication::setApplicationName("test_main_window");
    }

    void opensWithMenus()
    {
        persona::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QString("Persona Workbench"));
        QStringList menus;
        for (auto* action : window.menuBar()->actions())
            menus << action->text();
        QVERIFY2(menus.contains("&File"), qPrintable(menus.join(",")));
        QVERIFY2(menus.contains("&Help"), qPrintable(menus.join(",")));
    }

    void keepsGeometryAcrossRuns()
    {
        {
            persona::ui::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(640, 480);
            window.close();
        }
        persona::ui::MainWindow again;
        QCOMPARE(again.size(), QSize(640, 480));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
