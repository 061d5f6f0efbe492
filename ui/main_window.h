// The workbench's main window: menus, toolbar, status bar and the view tabs. Views arrive with the
// GUI issue; this window opens, keeps its geometry in QSettings and quits cleanly.
#pragma once

#include <QMainWindow>

namespace persona::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
};

} // namespace persona::ui
