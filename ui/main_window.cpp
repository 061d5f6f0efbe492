#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace persona::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Persona Workbench"));
    auto* tabs = new QTabWidget(this);
    auto* welcome = new QLabel(tr("Load a user history to begin."), tabs);
    welcome->setAlignment(Qt::AlignCenter);
    tabs->addTab(welcome, tr("Data"));
    setCentralWidget(tabs);
    createMenus();
    statusBar()->showMessage(tr("Ready"));
    QSettings settings;
    if (!restoreGeometry(settings.value("mainWindow/geometry").toByteArray()))
        resize(1100, 720);
}

void MainWindow::createMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Persona Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Persona Workbench"),
                           tr("Explore how a language model is personalized from a user's history."));
    });
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    event->accept();
}

} // namespace persona::ui
