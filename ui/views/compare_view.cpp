#include "ui/views/compare_view.h"

#include "core/api/models.h"
#include "core/eval/baselines.h"
#include "core/store/store.h"
#include "ui/views/compare_column.h"
#include "ui/views/error_browser_bar.h"
#include "ui/views/explain_panel.h"
#include "ui/workers/run_choices.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

#include <nlohmann/json.hpp>

namespace persona::ui {

namespace {
constexpr CompareView::Method kModelColumns[] = {CompareView::TextPrompting, CompareView::Persoma, CompareView::Milp};

RunFamily familyOf(CompareView::Method m)
{
    return m == CompareView::TextPrompting ? RunFamily::TextPrompting : m == CompareView::Persoma ? RunFamily::Persoma : RunFamily::Milp;
}

// Genre names -> indices of ds (names the dataset does not know are left out).
std::vector<std::uint16_t> genreIds(const data::Dataset& ds, const std::vector<std::string>& names)
{
    std::vector<std::uint16_t> out;
    for (const std::string& n : names)
        for (std::size_t g = 0; g < ds.genres.size(); ++g)
            if (ds.genres[g] == n)
                out.push_back(static_cast<std::uint16_t>(g));
    return out;
}
} // namespace

QString CompareView::methodTitle(Method method)
{
    switch (method) {
    case TextPrompting: return tr("Text prompting");
    case Persoma: return tr("PERSOMA");
    case Milp: return tr("MiLP");
    case Counting: return tr("Counting");
    case Truth: return tr("Truth");
    default: return {};
    }
}

namespace {

// The report's HTML as a file: PDF (Qt's rich text, A4) when the name ends in .pdf, else the HTML
// itself. Written through QSaveFile, so a failure leaves an existing file as it was.
bool writeReport(const QString& path, const QString& html, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QObject::tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        pdf.setTitle(QObject::tr("Persona Workbench report"));
        QTextDocument doc;
        doc.setHtml(html);
        doc.print(&pdf);
    } else {
        const QByteArray bytes = html.toUtf8();
        if (file.write(bytes) != bytes.size()) {
            *error = QObject::tr("%1: %2").arg(path, file.errorString());
            return false;
        }
    }
    if (!file.commit()) {
        *error = QObject::tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
{
    m_service = new TrainedRunService(this, 3); // one run a model column
    connect(m_service, &TrainedRunService::predicted, this, [this](const ColumnPredictions& p) {
        m_status->setText(tr("Predicted for user %1.").arg(currentUserKey()));
        showPredictions(p);
        updateButtons();
        emit predictionsShown();
    });
    connect(m_service, &TrainedRunService::searching, this, [this](const QString& user, int done, int total) {
        m_status->setText(tr("Looking for a disagreement: user %1 (%2 of %3)…").arg(user).arg(done + 1).arg(total));
    });
    connect(m_service, &TrainedRunService::disagreementFound, this, [this](const QString& user, const ColumnPredictions& p) {
        updateButtons();
        if (user.isEmpty()) {
            m_status->setText(tr("No later user on whom the chosen runs disagree."));
            emit searchFinished(QString());
            return;
        }
        m_status->setText(tr("The chosen runs disagree on user %1.").arg(user));
        m_pendingUser = user;
        m_pendingPredictions = p;
        emit userRequested(user);
        if (currentUserKey() == user && !m_pendingUser.isEmpty()) { // nobody selected it for us
            showPredictions(p);
            m_pendingUser.clear();
        }
        emit searchFinished(user);
        emit predictionsShown();
    });
    connect(m_service, &TrainedRunService::predictFailed, this, [this](const QString& message) {
        updateButtons();
        m_status->setText(message);
        if (!message.startsWith(tr("Cancelled")))
            emit errorOccurred(tr("Cannot run the comparison"), message);
        emit searchFinished(QString());
        emit predictionsShown();
    });

    connect(m_service, &TrainedRunService::explained, this, [this](const ExplainResult& r) {
        // An answer for a user or a run no longer shown is dropped.
        if (r.tag < 0 || r.tag >= MethodCount || QString::fromStdString(r.view.full.user) != currentUserKey() ||
            m_explainRun[r.tag] != chosenRunKey(static_cast<Method>(r.tag)))
            return;
        m_explainPanel->setExplanation(explainedWhat(static_cast<Method>(r.tag)), r.view);
        std::map<std::size_t, double> effects;
        for (const api::ItemEffectView& item : r.view.items)
            if (std::isfinite(item.answerDelta))
                effects[static_cast<std::size_t>(item.position)] = item.answerDelta;
        emit itemEffectsShown(currentUserKey(), explainedWhat(static_cast<Method>(r.tag)), effects);
        m_status->setText(tr("Explained user %1's answer item by item (%2).").arg(currentUserKey(), methodTitle(static_cast<Method>(r.tag))));
        updateButtons();
        emit explanationShown();
    });
    connect(m_service, &TrainedRunService::explainFailed, this, [this](int tag, const QString& message) {
        (void)tag;
        m_explainPanel->setError(message);
        m_status->setText(message);
        updateButtons();
        emit explanationShown();
    });

    connect(m_service, &TrainedRunService::reported, this, [this](const QString& html) {
        const QString path = std::exchange(m_reportPath, QString());
        QString error;
        if (!writeReport(path, html, &error)) {
            m_status->setText(error);
            emit errorOccurred(tr("Cannot write the report"), error);
        } else {
            m_status->setText(tr("Report on user %1 written to %2.").arg(currentUserKey(), path));
            emit reportWritten(path);
        }
        updateButtons();
    });
    connect(m_service, &TrainedRunService::reportFailed, this, [this](const QString& message) {
        m_reportPath.clear();
        m_status->setText(message);
        updateButtons();
        emit errorOccurred(tr("Cannot make the report"), message);
    });

    m_header = new QLabel(this);
    m_header->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto* openFolder = new QPushButton(tr("Open Run Folder…"), this);
    openFolder->setToolTip(tr("Add a run folder to the column of its method"));
    connect(openFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"));
        if (!dir.isEmpty())
            addRunFolder(dir);
    });
    m_runAll = new QPushButton(tr("Run All"), this);
    m_runAll->setToolTip(tr("Predict for the selected user with the run chosen in each model column"));
    connect(m_runAll, &QPushButton::clicked, this, &CompareView::runAll);
    m_next = new QPushButton(tr("Next Disagreement"), this);
    m_next->setToolTip(tr("Predict for the following users (in the Data view's order) until the chosen runs parse different genres"));
    connect(m_next, &QPushButton::clicked, this, &CompareView::nextDisagreement);
    m_report = new QPushButton(tr("Export Report…"), this);
    m_report->setToolTip(tr("One page on this user: the history with the shown items, every chosen run's answer "
                            "against the truth, the item attribution, the soft-prompt neighbours and your notes "
                            "(HTML, or PDF)"));
    connect(m_report, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Report"),
                                                          QStringLiteral("user-%1.html").arg(currentUserKey()),
                                                          tr("Web page (*.html);;PDF (*.pdf)"));
        if (!path.isEmpty())
            exportReport(path);
    });
    m_cancel = new QPushButton(tr("Cancel"), this);
    connect(m_cancel, &QPushButton::clicked, this, &CompareView::cancel);
    // Issue 33, defect 1: a run is shown on the data it was trained on unless the user asks for the
    // loaded data (which works when its genres are the run's); the header says which.
    m_onLoaded = new QCheckBox(tr("On the loaded data"), this);
    m_onLoaded->setObjectName(QStringLiteral("runOnLoadedData"));
    m_onLoaded->setToolTip(tr("Run the chosen runs on the dataset loaded in the Data view (its users, histories and "
                              "truths) instead of the dataset each was trained on. Works when the loaded dataset has "
                              "the run's genres; a column says when it has not."));
    connect(m_onLoaded, &QCheckBox::toggled, this, [this](bool on) {
        for (Method m : kModelColumns)
            m_columns[m]->setPlaceholder(idleText(m));
        updateHeader();
        updateButtons();
        emit runsOnLoadedDataChanged(on);
    });
    auto* top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_onLoaded);
    top->addWidget(openFolder);
    top->addWidget(m_runAll);
    top->addWidget(m_next);
    top->addWidget(m_report);
    top->addWidget(m_cancel);

    // The error browser: test users in an order that finds errors, from the stored predictions.
    m_errors = new ErrorBrowserBar(this);
    connect(m_errors, &ErrorBrowserBar::userRequested, this, &CompareView::userRequested);
    connect(m_errors, &ErrorBrowserBar::errorOccurred, this, &CompareView::errorOccurred);

    auto* columns = new QWidget(this);
    auto* row = new QHBoxLayout(columns);
    for (int m = 0; m < MethodCount; ++m) {
        m_columns[m] = new CompareColumn(methodTitle(static_cast<Method>(m)), columns);
        row->addWidget(m_columns[m], 1);
    }
    for (Method m : kModelColumns) {
        m_columns[m]->enableRunChooser();
        connect(m_columns[m], &CompareColumn::runChanged, this, &CompareView::updateButtons);
        connect(m_columns[m], &CompareColumn::runChanged, this, &CompareView::updateErrorBrowser);
        connect(m_columns[m], &CompareColumn::noteSaveRequested, this, &CompareView::saveNote);
        connect(m_columns[m], &CompareColumn::explainRequested, this, [this, m] { explain(m); });
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // Item attribution, full width under the columns (hidden until Explain Items).
    m_explainPanel = new ExplainPanel(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(m_explainPanel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_errors);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
    refreshRuns();
    setContext(nullptr, -1, {}, data::SamplingStrategy::Recency);
}

CompareView::~CompareView() = default;

void CompareView::setStorePath(const QString& path)
{
    m_storePath = path;
    refreshRuns();
}

void CompareView::refreshRuns()
{
    QString error;
    for (Method m : kModelColumns) {
        QComboBox* box = m_columns[m]->runChooser();
        const RunChoice current = box->currentData().value<RunChoice>();
        RunChoices choices = storeRunChoices(m_storePath, familyOf(m), &error);
        for (int i = 0; i < box->count(); ++i) { // folders opened by hand stay
            const RunChoice c = box->itemData(i).value<RunChoice>();
            if (c.storeRunId == 0 && !c.dir.isEmpty())
                choices.append(c);
        }
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(tr("(none)"), QVariant::fromValue(RunChoice()));
        if (m == TextPrompting) {
            RunChoice zeroShot;
            zeroShot.label = tr("zero-shot (no training)");
            zeroShot.zeroShotConfig = QStringLiteral("auto"); // resolved when predicting
            box->addItem(zeroShot.label, QVariant::fromValue(zeroShot));
        }
        int index = 0;
        for (const RunChoice& c : choices) {
            box->addItem(c.label, QVariant::fromValue(c));
            if (!current.isValid() ? (index == 0 && m != TextPrompting) : c.dir == current.dir)
                index = box->count() - 1;
        }
        if (current.isValid() && current.dir.isEmpty() && m == TextPrompting)
            index = 1;
        box->setCurrentIndex(index);
    }
    if (!error.isEmpty())
        m_status->setText(tr("The store's runs are not listed: %1").arg(error));
    updateErrorBrowser();
    for (Method m : kModelColumns)
        if (!m_columns[m]->hasResult())
            m_columns[m]->setPlaceholder(idleText(m));
    updateButtons();
}

// What a model column says before it has a prediction: how to get one, and for a column with no
// run to choose, how to make one.
QString CompareView::idleText(Method m) const
{
    bool anyRun = false;
    const QComboBox* box = m_columns[m]->runChooser();
    for (int i = 0; i < box->count(); ++i)
        anyRun = anyRun || box->itemData(i).value<RunChoice>().isValid();
    if (anyRun)
        return tr("Choose a run above and press Run All.");
    if (m == Persoma)
        return tr("No PERSOMA run to compare yet. Make one: in the Method view choose the Teaching preset (about ten "
                  "minutes on two cores), then Start in the Training view; it appears here when it ends. From a "
                  "terminal: persona train --preset teaching --store STORE. Or add a run folder with Open Run Folder….");
    if (m == Milp)
        return tr("No MiLP run to compare yet. Make one: in the Method view choose the method MiLP, then Start in "
                  "the Training view (a search over LoRA layouts, then the best one trained). From a terminal: "
                  "persona milp --config CONFIG --store STORE. Or add a run folder with Open Run Folder….");
    return tr("No run to compare yet: train one in the Method and Training views, or add a run folder with Open Run "
              "Folder….");
}

bool CompareView::addRunFolder(const QString& dir)
{
    QString error;
    const RunChoice c = folderRunChoice(dir, &error);
    if (!c.isValid()) {
        emit errorOccurred(tr("Cannot open the run folder"), error);
        return false;
    }
    const QString method = runFolderMethod(c.dir);
    const RunFamily family = runFamily(method);
    for (Method m : kModelColumns) {
        if (familyOf(m) != family)
            continue;
        QComboBox* box = m_columns[m]->runChooser();
        int index = box->findText(c.label);
        if (index < 0) {
            box->addItem(c.label, QVariant::fromValue(c));
            index = box->count() - 1;
        }
        box->setCurrentIndex(index);
        return true;
    }
    emit errorOccurred(tr("Cannot open the run folder"),
                       tr("%1 holds a '%2' run; the Compare view takes text prompting, PERSOMA and MiLP runs.")
                           .arg(QDir::toNativeSeparators(dir), method));
    return false;
}

QString CompareView::explainedWhat(Method m) const
{
    return methodTitle(m) + QStringLiteral(", ") + m_columns[m]->runChooser()->currentText();
}

QString CompareView::chosenRunKey(Method m) const
{
    const RunChoice c = chosenRuns().value(m);
    return c.dir.isEmpty() ? c.zeroShotConfig : c.dir;
}

bool CompareView::explainForData()
{
    if (currentUserKey().isEmpty() || m_service->isExplaining())
        return false;
    for (Method m : {Persoma, Milp, TextPrompting}) {
        if (chosenRuns().value(m).isValid()) {
            startExplain(m);
            return true;
        }
    }
    m_status->setText(tr("Choose a trained run in a model column to explain user %1's answer.").arg(currentUserKey()));
    return false;
}

void CompareView::explain(Method m)
{
    if (!m_columns[m]->hasResult())
        return;
    startExplain(m);
}

void CompareView::startExplain(Method m)
{
    const RunChoice run = chosenRuns().value(m);
    if (!run.isValid())
        return;
    m_explainRun[m] = chosenRunKey(m);
    m_explainPanel->setBusy(explainedWhat(m), currentUserKey());
    m_status->setText(tr("Explaining user %1's answer: each shown item left out in turn…").arg(currentUserKey()));
    m_service->explain(run, currentUserKey(), m);
    updateButtons();
}

RunChoices CompareView::chosenRuns() const
{
    RunChoices runs(MethodCount);
    const bool onLoaded = runsOnLoadedData();
    for (Method m : kModelColumns) {
        RunChoice c = m_columns[m]->runChooser()->currentData().value<RunChoice>();
        if (c.isValid() && c.dir.isEmpty())
            c.zeroShotConfig = zeroShotConfig();
        runs[m] = onLoaded ? onDataset(c, m_dataset) : c;
    }
    return runs;
}

bool CompareView::runsOnLoadedData() const
{
    return m_onLoaded->isChecked() && m_dataset;
}

void CompareView::setRunsOnLoadedData(bool on)
{
    m_onLoaded->setChecked(on);
}

// Zero-shot uses the decoder, dataset and prompt settings of another chosen run (a fair baseline
// for it); with none chosen, the default decoder on the Data view's dataset.
QString CompareView::zeroShotConfig() const
{
    for (Method m : {Persoma, Milp, TextPrompting}) {
        const RunChoice c = m_columns[m]->runChooser()->currentData().value<RunChoice>();
        if (!c.dir.isEmpty()) {
            const QString config = readRunConfig(c.dir);
            if (!config.isEmpty())
                return config;
        }
    }
    nlohmann::json j = {{"method", "zero-shot"}, {"models", {{"decoder", api::defaultModelPaths().decoder}}}};
    if (m_dataset)
        j["data"] = {{"dataset", m_dataset->path.toStdString()}};
    return QString::fromStdString(j.dump());
}

QString CompareView::currentUserKey() const
{
    return m_dataset && m_user >= 0 ? QString::fromStdString(m_dataset->dataset.users[static_cast<std::size_t>(m_user)].key) : QString();
}

QString CompareView::headerText() const
{
    return m_header->text();
}

void CompareView::updateErrorBrowser()
{
    if (!m_errors)
        return;
    QVector<ErrorBrowserBar::Run> runs;
    for (Method m : kModelColumns) {
        const RunChoice c = m_columns[m]->runChooser()->currentData().value<RunChoice>();
        if (c.storeRunId > 0)
            runs.append({methodTitle(m), c.storeRunId});
    }
    m_errors->setRuns(m_storePath, runs);
}

void CompareView::updateButtons()
{
    int chosen = 0;
    for (Method m : kModelColumns)
        chosen += m_columns[m]->runChooser()->currentData().value<RunChoice>().isValid() ? 1 : 0;
    const bool busy = m_service->isBusy();
    m_runAll->setEnabled(!busy && chosen > 0 && m_user >= 0);
    m_next->setEnabled(!busy && chosen > 1 && m_user >= 0);
    m_report->setEnabled(!busy && chosen > 0 && m_user >= 0);
    // An attribution (and a report, which attributes) runs to its end.
    m_cancel->setEnabled(busy && !m_service->isExplaining() && !m_service->isReporting());
    for (Method m : kModelColumns)
        m_columns[m]->explainButton()->setEnabled(!busy && m_columns[m]->hasResult());
}

void CompareView::exportReport(const QString& path)
{
    if (m_user < 0 || m_service->isBusy())
        return;
    m_reportPath = path;
    m_status->setText(tr("Writing the report on user %1 (every shown item left out in turn for each run)…").arg(currentUserKey()));
    m_service->report(chosenRuns(), currentUserKey(), m_storePath);
    updateButtons();
}

void CompareView::runAll()
{
    if (m_user < 0)
        return;
    m_status->setText(tr("Predicting for user %1…").arg(currentUserKey()));
    m_service->predict(chosenRuns(), currentUserKey(), m_storePath);
    updateButtons();
}

void CompareView::nextDisagreement()
{
    if (m_user < 0)
        return;
    QStringList order = m_userOrder ? m_userOrder() : QStringList();
    if (order.isEmpty() && m_dataset)
        for (const data::User& u : m_dataset->dataset.users)
            order << QString::fromStdString(u.key);
    const qsizetype at = order.indexOf(currentUserKey());
    const QStringList following = at >= 0 ? order.mid(at + 1) : order;
    m_status->setText(tr("Looking for a disagreement among %1 users…").arg(following.size()));
    m_service->findDisagreement(chosenRuns(), following, m_storePath);
    updateButtons();
}

void CompareView::cancel()
{
    m_service->cancel();
    m_status->setText(tr("Cancelling after the current user…"));
}

void CompareView::showPredictions(const ColumnPredictions& predictions)
{
    m_explainPanel->clearExplanation(); // new answers: the attribution explained an old one
    if (!m_dataset)
        return;
    const data::Dataset& ds = m_dataset->dataset;
    for (const ColumnPrediction& p : predictions) {
        if (p.column < 0 || p.column >= MethodCount)
            continue;
        CompareColumn* column = m_columns[p.column];
        if (!p.ok) {
            column->setPlaceholder(tr("No prediction: %1").arg(p.error));
            continue;
        }
        const api::UserPredictionView& v = p.view;
        ColumnResult r;
        r.notice = otherDatasetNotice(v);
        r.output = QString::fromStdString(v.output);
        r.inputTokens = v.inputTokens;
        r.latencyMs = v.latencySeconds * 1000.0;
        r.input = QString::fromStdString(v.inputText);
        for (const std::string& item : v.shownItems)
            r.shownItems << QString::fromStdString(item);
        if (v.task == "next-item") {
            r.nextItem = true;
            r.target = QString::fromStdString(v.target);
            r.rouge1 = v.rouge1;
            r.rougeL = v.rougeL;
            r.personaF1 = v.personaF1;
            column->setResult(ds, r, nullptr);
            column->setPredictionId(p.predictionId);
            continue;
        }
        r.predicted.liked = genreIds(ds, v.liked);
        r.predicted.disliked = genreIds(ds, v.disliked);
        r.f1 = v.f1;
        data::GenreLabels truth;
        truth.liked = genreIds(ds, v.truthLiked);
        truth.disliked = genreIds(ds, v.truthDisliked);
        column->setResult(ds, r, &truth);
        column->setPredictionId(p.predictionId);
    }
}

void CompareView::updateHeader()
{
    if (!m_dataset || m_user < 0)
        return;
    const data::User& user = m_dataset->dataset.users[static_cast<std::size_t>(m_user)];
    const QString which = runsOnLoadedData()
                              ? tr("The runs read this user from the loaded data (%1).").arg(QFileInfo(m_dataset->path).fileName())
                              : tr("Each run reads the dataset it was trained on (tick \"On the loaded data\" to run them on "
                                   "this one).");
    m_header->setText(tr("User %1: %2 sampled with %3 from %4 rated items.")
                          .arg(QString::fromStdString(user.key))
                          .arg(m_kept.size())
                          .arg(samplingLabel(m_strategy))
                          .arg(user.history.size()) +
                      QLatin1Char(' ') + which);
}

QString CompareView::otherDatasetNotice(const api::UserPredictionView& v) const
{
    const QString other = m_dataset ? otherDataset(v.dataset, m_dataset->path) : QString();
    if (other.isEmpty())
        return {};
    QString truth;
    if (v.task != "next-item")
        truth = tr(" Its truth there: liked %1; not liked %2.").arg(nameList(v.truthLiked), nameList(v.truthDisliked));
    return tr("Trained on another dataset (%1): this is user %2 of that dataset, marked against its truth there, "
              "not against the Truth column of the loaded one.%3")
        .arg(QDir::toNativeSeparators(other), QString::fromStdString(v.user), truth);
}

void CompareView::saveNote(qint64 predictionId, const QString& note, const QStringList& tags)
{
    if (predictionId <= 0 || m_storePath.isEmpty())
        return;
    try {
        store::Store s(m_storePath.toStdString());
        s.setPredictionNote(predictionId, note.toStdString(), tagsJson(tags));
        m_status->setText(tr("Saved the note on prediction %1.").arg(predictionId));
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Cannot save the note"), QString::fromUtf8(e.what()));
    }
}

void CompareView::setContext(DatasetPtr dataset, int userIndex, const std::vector<std::size_t>& kept,
                             data::SamplingStrategy strategy)
{
    const int chosen = dataset && userIndex >= 0 && static_cast<std::size_t>(userIndex) < dataset->dataset.users.size() ? userIndex : -1;
    // The same context again (the Data view reports a new user's sample and then the user): keep
    // what the columns show, the predictions Next Disagreement just made included.
    if (m_hasContext && dataset == m_dataset && chosen == m_user && kept == m_kept && strategy == m_strategy)
        return;
    m_hasContext = true;
    m_explainPanel->clearExplanation(); // an attribution belongs to the answer it explained
    m_dataset = std::move(dataset);
    m_user = chosen;
    m_errors->setDataset(m_dataset);
    m_errors->setCurrentUser(m_user >= 0 ? QString::fromStdString(m_dataset->dataset.users[static_cast<std::size_t>(m_user)].key)
                                         : QString());
    m_kept = kept;
    m_strategy = strategy;
    for (Method m : kModelColumns)
        m_columns[m]->setPlaceholder(idleText(m));
    updateButtons();
    if (m_user < 0) {
        m_header->setText(tr("Select a user in the Data view."));
        m_columns[Counting]->clear();
        m_columns[Truth]->clear();
        return;
    }
    const data::Dataset& ds = m_dataset->dataset;
    const data::User& user = ds.users[static_cast<std::size_t>(m_user)];
    updateHeader();
    const data::GenreLabels& truth = m_dataset->labels[static_cast<std::size_t>(m_user)];
    ColumnResult truthResult;
    truthResult.output = QString::fromStdString(data::targetText(ds, truth));
    truthResult.predicted = truth;
    m_columns[Truth]->setResult(ds, truthResult, nullptr);
    fillCounting(user, truth);
    if (!m_pendingUser.isEmpty() && m_pendingUser == QString::fromStdString(user.key)) {
        showPredictions(m_pendingPredictions);
        m_pendingUser.clear();
    }
}

void CompareView::fillCounting(const data::User& user, const data::GenreLabels& truth)
{
    const data::Dataset& ds = m_dataset->dataset;
    QElapsedTimer timer;
    timer.start();
    ColumnResult result;
    result.predicted = eval::countingBaseline(ds, user, m_kept);
    result.latencyMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result.output = QString::fromStdString(data::targetText(ds, result.predicted));
    result.f1 = userF1(ds, truth, result.predicted);
    for (std::size_t pos : m_kept) { // Counting reads only the sampled items' genres and ratings
        const data::Interaction& h = user.history.at(pos);
        QString line = QString::fromStdString(ds.items.at(h.item).title);
        if (h.hasRating())
            line += tr(" (rated %1)").arg(static_cast<double>(h.rating));
        result.shownItems << line;
    }
    m_columns[Counting]->setResult(ds, result, &truth);
}

} // namespace persona::ui
