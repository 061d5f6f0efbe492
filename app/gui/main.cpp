// persona-workbench: composes the Qt application (translations, icon) and the main window.
#include "ui/main_window.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
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

    persona::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
