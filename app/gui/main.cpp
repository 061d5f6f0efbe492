// persona-workbench: composes the Qt application (translations, icon, command line) and the main
// window. The hidden option --screenshot-dir DIR saves a PNG of each view and quits
// (tools/screenshots.sh runs it under Xvfb).
#include "ui/main_window.h"
#include "ui/screenshot_tour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QTabWidget>
#include <QTextStream>
#include <QTranslator>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("PersonaWorkbench");
    QApplication::setApplicationName("persona-workbench");
    QApplication::setApplicationDisplayName(QObject::tr("Persona Workbench"));
    QApplication::setApplicationVersion(PROJECT_VERSION_STRING);
    QApplication::setWindowIcon(QIcon(":/icons/persona-workbench.svg"));

    QTranslator translator;
    if (translator.load(QLocale(), "persona_workbench", "_", ":/i18n"))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Explore how a language model is personalized from a user's history."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption datasetOption("dataset", QObject::tr("Open this dataset folder instead of the default."), "path");
    QCommandLineOption storeOption("store", QObject::tr("Open this experiment store."), "file");
    QCommandLineOption screenshotOption("screenshot-dir", "Save a PNG of each view into DIR and quit.", "DIR");
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption userOption("screenshot-user", "The user shown in the screenshots.", "key", "1");
    userOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption trainOption("screenshot-train", "Train this RunConfig JSON live before the screenshots.", "file");
    trainOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({datasetOption, storeOption, screenshotOption, userOption, trainOption});
    parser.process(app);

    persona::ui::MainWindow window;
    if (parser.isSet(screenshotOption)) {
        window.resize(1400, 860);
        window.tabs()->setCurrentIndex(0);
    }
    window.show();
    window.loadStartupData(parser.value(datasetOption), parser.value(storeOption));

    if (parser.isSet(screenshotOption)) {
        persona::ui::ScreenshotOptions options;
        options.dir = parser.value(screenshotOption);
        options.userKey = parser.value(userOption);
        options.trainConfig = parser.value(trainOption);
        persona::ui::runScreenshotTour(window, options, [](bool ok, const QString& message) {
            QTextStream(ok ? stdout : stderr) << "persona-workbench: " << message << Qt::endl;
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
