// persona-workbench: composes the Qt application and the main window.
#include "ui/main_window.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("PersonaWorkbench");
    QApplication::setApplicationName("persona-workbench");
    QApplication::setApplicationVersion(PROJECT_VERSION_STRING);
    persona::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
