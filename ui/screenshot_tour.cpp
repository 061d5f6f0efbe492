#include "ui/screenshot_tour.h"

#include "ui/main_window.h"
#include "ui/itemmodels/predictions_model.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/views/compare_column.h"
#include "ui/views/compare_view.h"
#include "ui/views/data_view.h"
#include "ui/views/inspect_view.h"
#include "ui/views/training_view.h"
#include "ui/views/runs_view.h"
#include "ui/views/users_view.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPixmap>
#include <QPointer>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace persona::ui {

namespace {
struct Tour {
    QPointer<MainWindow> window;
    ScreenshotOptions options;
    std::function<void(bool, const QString&)> done;
    int tab = 0;
    bool predictionsShot = false; // the Runs tab's second picture (its Predictions tab) is taken
    bool explainShot = false;     // the Compare tab's second picture (PERSOMA's Explain Items) is taken
};

QString fileName(const QTabWidget* tabs, int index)
{
    return tabs->tabText(index).remove(QLatin1Char('&')).toLower() + QStringLiteral(".png");
}

void grab(const std::shared_ptr<Tour>& tour);
void selectNewestRuns(MainWindow* window);
bool chooseUsersRun(UsersView& users);

// Runs `then` once `signal` of `sender` fires or waitMs passes, whichever comes first.
template <typename Sender, typename Signal>
void afterSignalOrTimeout(const std::shared_ptr<Tour>& tour, Sender* sender, Signal signal, std::function<void()> then)
{
    auto fired = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto once = [fired, connection, then] {
        if (*fired)
            return;
        *fired = true;
        QObject::disconnect(*connection);
        then();
    };
    *connection = QObject::connect(sender, signal, tour->window.data(), once);
    QTimer::singleShot(tour->options.waitMs, tour->window.data(), once);
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
    QWidget* page = tabs->widget(tour->tab);
    if (page == window->inspectView() && (!tour->options.trainConfig.isEmpty() || window->inspectView()->runChooser()->count() > 0)) {
        // The neighbours come from a worker: wait for its answer.
        afterSignalOrTimeout(tour, window->inspectView(), &InspectView::inspectionFinished, [tour] { grab(tour); });
        window->inspectView()->refreshRuns();
        return;
    }
    if (page == window->compareView() && chooseTourRuns(*window->compareView(), tour->options.milpRunId) > 0) {
        afterSignalOrTimeout(tour, window->compareView(), &CompareView::predictionsShown, [tour] { grab(tour); });
        window->compareView()->runAll();
        return;
    }
    if (page == window->usersView() && chooseUsersRun(*window->usersView())) {
        // One run on the selected user and the ones after it: wait for the batched prediction.
        afterSignalOrTimeout(tour, window->usersView(), &UsersView::finished, [tour] { grab(tour); });
        window->usersView()->run();
        return;
    }
    if (page == window->runsView()) {
        // The runs table grouped by seeds (each group's mean ± sd), the newest runs selected.
        window->runsView()->setGrouping(QString::fromLatin1(RunsModel::kGroupBySeeds));
        window->runsView()->setFilterText(QStringLiteral("method=persoma")); // the trained runs, not Compare's zero-shot record
        window->runsView()->sortByColumn(RunsModel::IdColumn, Qt::DescendingOrder);
        selectNewestRuns(window);
        window->runsView()->setMetric(QStringLiteral("smoothed_loss"));
    }
    grab(tour);
}

void grab(const std::shared_ptr<Tour>& tour)
{
    QTimer::singleShot(tour->options.settleMs, tour->window.data(), [tour] {
        MainWindow* w = tour->window;
        if (!w) {
            tour->done(false, QStringLiteral("the window closed during the tour"));
            return;
        }
        const bool predictions = tour->predictionsShot;
        const bool explained = tour->explainShot;
        const QString name = predictions ? QStringLiteral("runs-predictions.png")
                             : explained ? QStringLiteral("compare-explain.png")
                                         : fileName(w->tabs(), tour->tab);
        const QString path = QDir(tour->options.dir).filePath(name);
        if (!w->grab().save(path, "PNG")) {
            tour->done(false, QStringLiteral("could not write %1").arg(path));
            return;
        }
        CompareView* compare = w->compareView();
        if (!explained && w->tabs()->widget(tour->tab) == compare && compare->column(CompareView::Persoma)->hasResult()) {
            // Second picture of the Compare tab: the PERSOMA column's item attribution.
            tour->explainShot = true;
            afterSignalOrTimeout(tour, compare, &CompareView::explanationShown, [tour] { grab(tour); });
            compare->explain(CompareView::Persoma);
            return;
        }
        tour->explainShot = false;
        RunsView* runs = w->runsView();
        if (!predictions && w->tabs()->widget(tour->tab) == runs && !runs->model()->rows().empty()) {
            // Second picture of the Runs tab: the predictions browser on the newest run, worst F1 first.
            tour->predictionsShot = true;
            qint64 shown = runs->model()->rows().front().run.id;
            for (const RunsModel::Row& row : runs->model()->rows()) // the newest run with a test pass
                if (std::any_of(row.metrics.begin(), row.metrics.end(), [](const auto& m) { return m.name == "test_f1"; })) {
                    shown = row.run.id;
                    break;
                }
            runs->selectRuns({shown});
            runs->showPredictions();
            runs->predictionsTable()->sortByColumn(PredictionsModel::F1Column, Qt::AscendingOrder);
            grab(tour);
            return;
        }
        tour->predictionsShot = false;
        ++tour->tab;
        grabNext(tour);
    });
}

void selectNewestRuns(MainWindow* window)
{
    QList<qint64> runs;
    const auto& rows = window->runsView()->model()->rows(); // newest first, as the store lists them
    for (std::size_t r = 0; r < std::min<std::size_t>(3, rows.size()); ++r)
        runs << rows[r].run.id;
    window->runsView()->selectRuns(runs);
}

// The Users view shows the store's newest PERSOMA run (the one the tour trained, if any), else its
// newest MiLP or text prompting run.
bool chooseUsersRun(UsersView& users)
{
    users.refreshRuns();
    QComboBox* box = users.runChooser();
    if (box->count() == 0) // PERSOMA runs are listed first, newest first
        return false;
    box->setCurrentIndex(0);
    return true;
}

void start(const std::shared_ptr<Tour>& tour)
{
    MainWindow* window = tour->window;
    window->dataView()->selectUser(tour->options.userKey);
    window->dataView()->showKeptItems();
    selectNewestRuns(window);
    if (tour->options.trainConfig.isEmpty()) {
        grabNext(tour);
        return;
    }
    QFile file(tour->options.trainConfig);
    if (!file.open(QIODevice::ReadOnly)) {
        tour->done(false, QStringLiteral("cannot read %1").arg(tour->options.trainConfig));
        return;
    }
    const nlohmann::json config = nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
    if (config.is_discarded()) {
        tour->done(false, QStringLiteral("%1 is not JSON").arg(tour->options.trainConfig));
        return;
    }
    TrainingView* training = window->trainingView();
    training->setJobSource([config] { return TrainingView::Job{config, config.contains("search")}; });
    window->tabs()->setCurrentWidget(training);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(training, &TrainingView::runFinished, window, [tour, connection](qint64, const QString& status) {
        QObject::disconnect(*connection);
        if (status != QStringLiteral("finished")) {
            tour->done(false, QStringLiteral("the training run ended %1").arg(status));
            return;
        }
        if (MainWindow* w = tour->window) {
            w->runsView()->refresh();
            selectNewestRuns(w);
        }
        grabNext(tour);
    });
    if (!training->startTraining()) {
        QObject::disconnect(*connection);
        tour->done(false, QStringLiteral("could not start the training run"));
    }
}

} // namespace

int chooseTourRuns(CompareView& compare, qint64 milpRunId)
{
    compare.refreshRuns();
    auto choose = [](QComboBox* box, const std::function<bool(const RunChoice&)>& wanted) {
        for (int i = 0; i < box->count(); ++i) {
            if (wanted(box->itemData(i).value<RunChoice>())) {
                box->setCurrentIndex(i);
                return;
            }
        }
    };
    choose(compare.column(CompareView::TextPrompting)->runChooser(),
           [](const RunChoice& c) { return c.dir.isEmpty() && !c.zeroShotConfig.isEmpty(); });
    // Store runs are listed newest first: PERSOMA shows the run the tour just trained.
    choose(compare.column(CompareView::Persoma)->runChooser(), [](const RunChoice& c) { return c.storeRunId > 0; });
    choose(compare.column(CompareView::Milp)->runChooser(), [milpRunId](const RunChoice& c) {
        return c.storeRunId > 0 && (milpRunId == 0 || c.storeRunId == milpRunId);
    });
    int chosen = 0;
    for (CompareView::Method m : {CompareView::TextPrompting, CompareView::Persoma, CompareView::Milp})
        chosen += compare.column(m)->runChooser()->currentData().value<RunChoice>().isValid() ? 1 : 0;
    return chosen;
}

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
