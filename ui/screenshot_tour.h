// The screenshot tour behind `persona-workbench --screenshot-dir DIR` (tools/screenshots.sh):
// waits for the startup dataset, selects a user, optionally trains a run live, shows each tab in
// turn (waiting for Inspect's neighbours and Compare's Run All, with zero-shot text prompting, the
// newest PERSOMA run and a MiLP run of the store chosen) and saves the whole window as
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
    qint64 milpRunId = 0;                  // the store's MiLP run for Compare (0 = the newest)
};

class CompareView;
// Chooses what the tour compares: zero-shot in the text prompting column, MiLP store run
// milpRunId (0 = the newest) in the MiLP column, the newest PERSOMA store run (the one the tour
// trained) in the PERSOMA column. Returns how many model columns have a run chosen.
int chooseTourRuns(CompareView& compare, qint64 milpRunId = 0);

// Starts the tour and returns at once; done(ok, message) runs when every tab is saved or on the
// first failure. The window must outlive the tour.
void runScreenshotTour(MainWindow& window, const ScreenshotOptions& options,
                       std::function<void(bool ok, const QString& message)> done);

} // namespace persona::ui
