// The workbench's main window: the six views (Data, Method, Training, Inspect, Compare, Runs) as
// tabs, menus, toolbar, standard shortcuts, a dockable log panel fed by the core's log sink, a
// status bar with device and memory, error dialogs, and window state, recent datasets and the
// store path kept in QSettings. Heavy work (the default dataset, the store) starts only when
// loadStartupData() is called, so tests decide what gets loaded.
#pragma once

#include <QMainWindow>
#include <QStringList>

class QMenu;
class QTabWidget;

namespace persona::ui {

class CompareView;
class DataView;
class FetchDialog;
class InspectView;
class LogBridge;
class LogPanel;
class MethodView;
class RunsView;
class UsersView;
class WorkbenchState;
class StatusIndicators;
class TrainingView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Tab { DataTab, MethodTab, TrainingTab, InspectTab, CompareTab, RunsTab };
    static constexpr int kMaxRecent = 8;
    // Help > About: version, the default models and data with their licences, the MovieLens credit.
    static QString aboutText();
    // Help > Documentation opens this README.md (beside a source tree, else installed); empty when none.
    static QString documentationIndex();

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `dataset` (empty: the last session's dataset, else the default
    // api::defaultModelPaths().dataset, when present) and `store` (empty: QSettings "store/path",
    // default Store::defaultPath()). The Method view's settings and the history sample (size,
    // sampling) of the last session are restored when the window is built.
    void loadStartupData(const QString& dataset = {}, const QString& store = {});
    // What loadStartupData says when the default files are missing (public for tests).
    void noteMissingDefaults();
    // File > Fetch Default Models and Data: the fetch dialog for the default models folder (opened,
    // not exec'd; returned for tests). When every file is fetched the default dataset is opened.
    FetchDialog* showFetchDialog();
    void openDataset(const QString& path);
    void openStore(const QString& path);
    QStringList recentDatasets() const;

    QTabWidget* tabs() const { return m_tabs; }
    DataView* dataView() const { return m_data; }
    MethodView* methodView() const { return m_method; }
    TrainingView* trainingView() const { return m_training; }
    InspectView* inspectView() const { return m_inspect; }
    CompareView* compareView() const { return m_compare; }
    RunsView* runsView() const { return m_runs; }
    UsersView* usersView() const { return m_users; }
    WorkbenchState* state() const { return m_state; }
    LogPanel* logPanel() const { return m_log; }
    StatusIndicators* statusIndicators() const { return m_status; }

public slots:
    // An error dialog naming the problem and what to do; also logged.
    void showError(const QString& title, const QString& problem, const QString& whatToDo = {});

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void useStore(const QString& path);
    QStringList visibleUserKeys() const;
    void restoreMethodSettings();
    void createViews();
    void createMenus();
    void createToolBar();
    void rememberDataset(const QString& path);
    void updateRecentMenu();
    void updateDevice();

    QTabWidget* m_tabs = nullptr;
    DataView* m_data = nullptr;
    MethodView* m_method = nullptr;
    TrainingView* m_training = nullptr;
    InspectView* m_inspect = nullptr;
    CompareView* m_compare = nullptr;
    RunsView* m_runs = nullptr;
    UsersView* m_users = nullptr;
    WorkbenchState* m_state = nullptr; // the dataset, user and history sample the views share
    bool m_applyingSample = false;     // the views are being set to the state's sample
    LogPanel* m_log = nullptr;
    LogBridge* m_logBridge = nullptr;
    StatusIndicators* m_status = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
};

} // namespace persona::ui
