// The Compare view: for the selected user, columns side by side for text prompting, PERSOMA,
// MiLP, Counting and the truth. Counting (core/eval/baselines.h) and the truth (the genre task)
// are computed here from the Data view's sample. Each model column chooses a trained run (store
// runs of its method with a run folder, a folder opened by hand, or zero-shot text prompting);
// "Run All" predicts with them on a worker thread, saves the predictions to the store (a note and
// tags can be attached), and "Next Disagreement" walks the following users until the chosen runs
// parse different genres. Leaves out training (the Training view).
#pragma once

#include "core/data/sampling.h"
#include "ui/workers/loaded_dataset.h"
#include "ui/workers/trained_run_worker.h"

#include <QWidget>

#include <array>
#include <map>
#include <functional>

class QCheckBox;
class QLabel;
class QPushButton;


namespace persona::ui {

class CompareColumn;
class ErrorBrowserBar;
class ExplainPanel;

class CompareView : public QWidget {
    Q_OBJECT
public:
    enum Method { TextPrompting, Persoma, Milp, Counting, Truth, MethodCount };

    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    // The user and their sampled history (positions into user.history) from the Data view.
    // userIndex < 0 clears every column.
    void setContext(DatasetPtr dataset, int userIndex, const std::vector<std::size_t>& kept,
                    data::SamplingStrategy strategy);
    // The experiment store: its finished runs fill the run choosers, predictions are saved there.
    void setStorePath(const QString& path);
    QString storePath() const { return m_storePath; }
    void refreshRuns();
    // Adds a run folder to the column of its method and selects it. False (and errorOccurred) when
    // it is not a run folder of text prompting, PERSOMA or MiLP.
    bool addRunFolder(const QString& dir);
    // The users in the Data view's current order (sort and search), for Next Disagreement.
    void setUserOrderProvider(std::function<QStringList()> provider) { m_userOrder = std::move(provider); }

    void runAll();
    void nextDisagreement();
    // Item attribution of the shown user's answer in a model column (its "Explain Items").
    void explain(Method method);
    // The shown user's report across the chosen runs (history, answers, item attribution,
    // neighbours, notes), written to `path`: PDF when it ends in .pdf, else HTML. reportWritten or
    // errorOccurred follows.
    void exportReport(const QString& path);
    void cancel();
    bool isBusy() const { return m_service->isBusy(); }
    // Item attribution asked from the Data view: the selected user explained with the first model
    // column that has a run (PERSOMA, MiLP, text prompting), no answer needed first; the bars come
    // through itemEffectsShown. False (and a status line) when no column has a run or one is busy.
    bool explainForData();
    // "On the loaded data": the chosen runs read the loaded dataset instead of their own.
    bool runsOnLoadedData() const;
    void setRunsOnLoadedData(bool on); // ticks the box (runsOnLoadedDataChanged when it changes)

    CompareColumn* column(Method method) const { return m_columns[method]; }
    ExplainPanel* explainPanel() const { return m_explainPanel; }
    ErrorBrowserBar* errorBrowser() const { return m_errors; }
    QString headerText() const;
    static QString methodTitle(Method method);

signals:
    void userRequested(const QString& key); // Next Disagreement found this user: select it
    void predictionsShown();                // a Run All or a search answer was shown
    void searchFinished(const QString& user); // "" = no disagreement (or cancelled / failed)
    void explanationShown();                  // an Explain Items answer (or its error) was shown
    void reportWritten(const QString& path);  // exportReport finished (an error goes to errorOccurred)
    // The explained answer's item effects by history position (log-probability change without it).
    void itemEffectsShown(const QString& userKey, const QString& source, const std::map<std::size_t, double>& effects);
    void errorOccurred(const QString& title, const QString& message);
    void runsOnLoadedDataChanged(bool on);    // "On the loaded data" ticked or cleared

private:
    void fillCounting(const data::User& user, const data::GenreLabels& truth);
    RunChoices chosenRuns() const;
    QString chosenRunKey(Method m) const; // the run folder, or the zero-shot config
    QString explainedWhat(Method m) const; // "PERSOMA, #2 teaching": the attribution pane's title
    QString zeroShotConfig() const;
    QString currentUserKey() const;
    void showPredictions(const ColumnPredictions& predictions);
    // The warning a column shows when its run was trained on another dataset than the loaded one.
    QString otherDatasetNotice(const api::UserPredictionView& v) const;
    void updateHeader();
    void startExplain(Method m); // explain() without the need for an answer first
    void saveNote(qint64 predictionId, const QString& note, const QStringList& tags);
    void updateButtons();
    void updateErrorBrowser(); // the chosen columns' store runs
    QString idleText(Method m) const;

    TrainedRunService* m_service = nullptr;
    ExplainPanel* m_explainPanel = nullptr;
    ErrorBrowserBar* m_errors = nullptr;
    std::array<QString, MethodCount> m_explainRun; // the run each column's attribution was asked of
    DatasetPtr m_dataset;
    int m_user = -1;
    std::vector<std::size_t> m_kept;
    data::SamplingStrategy m_strategy = data::SamplingStrategy::Recency;
    bool m_hasContext = false;
    QString m_storePath;
    std::function<QStringList()> m_userOrder;
    QString m_pendingUser;                 // a disagreement found, waiting for the Data view to select it
    ColumnPredictions m_pendingPredictions;
    QLabel* m_header = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_runAll = nullptr;
    QPushButton* m_report = nullptr;
    QString m_reportPath; // where the running report goes
    QPushButton* m_next = nullptr;
    QPushButton* m_cancel = nullptr;
    QCheckBox* m_onLoaded = nullptr;
    std::array<CompareColumn*, MethodCount> m_columns{};
};

} // namespace persona::ui
