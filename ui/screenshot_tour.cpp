#include "ui/screenshot_tour.h"

#include "ui/main_window.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/views/data_view.h"
#include "ui/views/runs_view.h"

#include <QDir>
#include <QPixmap>
#include <QPointer>
#include <QTabWidget>
#include <QTimer>

#include <memory>

namespace persona::ui {

namespace {
struct Tour {
    QPointer<MainWindow> window;
    ScreenshotOptions options;
    std::function<void(bool, const QString&)> done;
    int tab = 0;
};

QString fileName(const QTabWidget* tabs, int index)
{
    return tabs->tabText(index).remove(QLatin1Char('&')).toLower() + QStringLiteral(".png");
}

void grabNext(const std::shared_ptr<Tour>& tour)
{
    MainWindow* window = tour->window;
    if (!window) {
        tour->done(false, QStringLiteral("the window closed during the tour"));
        return;
    }
    QTabWidget* tabs = window->tabs();
    if (tour->tab >= tabs->count()) {
        tour->done(true, QStringLiteral("saved %1 screenshots in %2").arg(tabs->count()).arg(tour->options.dir));
        return;
    }
    tabs->setCurrentIndex(tour->tab);
    QTimer::singleShot(tour->options.settleMs, window, [tour] {
        MainWindow* w = tour->window;
        const QString path = QDir(tour->options.dir).filePath(fileName(w->tabs(), tour->tab));
        if (!w->grab().save(path, "PNG")) {
            tour->done(false, QStringLiteral("could not write %1").arg(path));
            return;
        }
        ++tour->tab;
        grabNext(tour);
    });
}

void start(const std::shared_ptr<Tour>& tour)
{
    MainWindow* window = tour->window;
    window->dataView()->selectUser(tour->options.userKey);
    window->dataView()->showKeptItems();
    // Show the curves of the newest runs, if the store has any.
    QList<qint64> runs;
    for (int r = 0; r < std::min(3, window->runsView()->model()->rowCount()); ++r)
        runs << window->runsView()->model()->index(r, 0).data(RunsModel::RunIdRole).toLongLong();
    window->runsView()->selectRuns(runs);
    grabNext(tour);
}
} // namespace

void runScreenshotTour(MainWindow& window, const ScreenshotOptions& options,
                       std::function<void(bool ok, const QString& message)> done)
{
    auto tour = std::make_shared<Tour>(Tour{&window, options, std::move(done), 0});
    if (!QDir().mkpath(options.dir)) {
        tour->done(false, QStringLiteral("could not create %1").arg(options.dir));
        return;
    }
    DataView* data = window.dataView();
    if (!data->isLoading()) {
        QTimer::singleShot(0, &window, [tour] { start(tour); });
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto failed = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(data, &DataView::datasetLoaded, &window, [tour, connection, failed] {
        QObject::disconnect(*connection);
        QObject::disconnect(*failed);
        start(tour);
    });
    *failed = QObject::connect(data, &DataView::loadFailed, &window, [tour, connection, failed](const QString&, const QString& message) {
        QObject::disconnect(*connection);
        QObject::disconnect(*failed);
        tour->done(false, message);
    });
}

} // namespace persona::ui
