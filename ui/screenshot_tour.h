// The screenshot tour behind `persona-workbench --screenshot-dir DIR` (tools/screenshots.sh):
// waits for the startup dataset, selects a user, optionally trains a run live, shows each tab in
// turn (waiting for Inspect's neighbours and Compare's Run All) and saves the whole window as
// DIR/<tab>.png with QWidget::grab(). Leaves out starting the display (Xvfb).
#pragma once

#include <QString>

#include <functional>

namespace persona::ui {

class MainWindow;

struct ScreenshotOptions {
    QString dir;
    QString userKey = QStringLiteral("1"); // the user shown in Data and Compare
    int settleMs = 400;                    // time for layout and queued replots before each grab
    // A RunConfig JSON file trained live in the Training view before the grabs ("" = none), so the
    // curves, the Inspect view and the Compare view show a real run.
    QString trainConfig;
    int waitMs = 180000;                   // longest wait for a view's worker before grabbing anyway
};

// Starts the tour and returns at once; done(ok, message) runs when every tab is saved or on the
// first failure. The window must outlive the tour.
void runScreenshotTour(MainWindow& window, const ScreenshotOptions& options,
                       std::function<void(bool ok, const QString& message)> done);

} // namespace persona::ui
