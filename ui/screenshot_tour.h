// The screenshot tour behind `persona-workbench --screenshot-dir DIR` (tools/screenshots.sh):
// waits for the startup dataset, selects a user, shows each tab in turn and saves the whole
// window as DIR/<tab>.png with QWidget::grab(). Leaves out starting the display (Xvfb).
#pragma once

#include <QString>

#include <functional>

namespace persona::ui {

class MainWindow;

struct ScreenshotOptions {
    QString dir;
    QString userKey = QStringLiteral("1"); // the user shown in Data and Compare
    int settleMs = 400;                    // time for layout and queued replots before each grab
};

// Starts the tour and returns at once; done(ok, message) runs when every tab is saved or on the
// first failure. The window must outlive the tour.
void runScreenshotTour(MainWindow& window, const ScreenshotOptions& options,
                       std::function<void(bool ok, const QString& message)> done);

} // namespace persona::ui
