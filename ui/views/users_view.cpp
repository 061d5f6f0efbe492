#include "ui/views/users_view.h"

#include "ui/views/personalization_text.h"
#include "ui/workers/loaded_dataset.h"
#include "ui/workers/run_choices.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace persona::ui {

namespace {

// "Drama ✓, Horror ✗": each answered genre marked by whether the user's truth has it.
QString marked(const std::vector<std::string>& answered, const std::vector<std::string>& truth)
{
    QStringList parts;
    for (const std::string& g : answered)
        parts << QString::fromStdString(g) +
                     (std::find(truth.begin(), truth.end(), g) != truth.end() ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
    return parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", "));
}

// Two answers are the same when they parse to the same genres (genre task) or, for the next-item
// task, the same text.
std::string answerKey(const api::UserPredictionView& v)
{
    if (v.task == "next-item")
        return QString::fromStdString(v.output).simplified().toStdString();
    std::vector<std::string> liked = v.liked, disliked = v.disliked;
    std::sort(liked.begin(), liked.end());
    std::sort(disliked.begin(), disliked.end());
    std::string key;
    for (const auto& g : liked)
        key += g + ',';
    key += '|';
    for (const auto& g : disliked)
        key += g + ',';
    return key;
}

} // namespace

UsersView::UsersView(QWidget* parent)
    : QWidget(parent)
{
    m_service = new TrainedRunService(this, 1);
    connect(m_service, &TrainedRunService::usersPredicted, this, [this](const UserPredictions& p) {
        m_go->setEnabled(true);
        show(p);
        emit finished(true);
    });
    connect(m_service, &TrainedRunService::predictFailed, this, [this](const QString& message) {
        m_go->setEnabled(true);
        m_summary->setText(tr("Could not predict: %1").arg(message));
        emit errorOccurred(tr("Cannot predict for these users"), message);
        emit finished(false);
    });

    m_run = new QComboBox(this);
    m_run->setMinimumContentsLength(24);
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_count = new QSpinBox(this);
    m_count->setRange(2, 100);
    m_count->setValue(8);
    m_count->setSuffix(tr(" users"));
    m_count->setToolTip(tr("The user selected in the Data view and the ones after it, in the Data view's order"));
    m_go = new QPushButton(tr("Predict for These Users"), this);
    m_go->setObjectName(QStringLiteral("predictUsersButton"));
    connect(m_go, &QPushButton::clicked, this, qOverload<>(&UsersView::run));
    m_onLoaded = new QCheckBox(tr("On the loaded data"), this);
    m_onLoaded->setObjectName(QStringLiteral("runOnLoadedData"));
    m_onLoaded->setToolTip(tr("Run the chosen run on the dataset loaded in the Data view instead of the one it was "
                              "trained on (works when the loaded dataset has the run's genres)"));
    connect(m_onLoaded, &QCheckBox::toggled, this, &UsersView::runsOnLoadedDataChanged);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run:"), this));
    top->addWidget(m_run, 1);
    top->addWidget(m_onLoaded);
    top->addWidget(m_count);
    top->addWidget(m_go);

    m_summary = new QLabel(tr("Choose a trained run and press Predict: one run, several users, side by side."), this);
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("User"), tr("Answer"), tr("Liked (✓ in the truth)"),
                                        tr("Not liked (✓ in the truth)"), tr("Truth"), tr("F1")});
    // The marked genres and the truth are what a reader compares: they share the width; the raw
    // answer (the same genres as text) gets a fixed, wrapped column.
    for (int c : {LikedColumn, NotLikedColumn, TruthColumn})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(UserColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(F1Column, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(AnswerColumn, 320);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

void UsersView::setStorePath(const QString& path)
{
    m_storePath = path;
    refreshRuns();
}

void UsersView::refreshRuns()
{
    const RunChoice current = m_run->currentData().value<RunChoice>();
    m_run->clear();
    QString error;
    for (RunFamily family : {RunFamily::Persoma, RunFamily::Milp, RunFamily::TextPrompting})
        for (const RunChoice& c : storeRunChoices(m_storePath, family, &error)) {
            m_run->addItem(c.label, QVariant::fromValue(c));
            if (c.dir == current.dir)
                m_run->setCurrentIndex(m_run->count() - 1);
        }
    m_go->setEnabled(m_run->count() > 0 && !m_service->isBusy());
    if (m_run->count() == 0)
        m_summary->setText(error.isEmpty()
                               ? tr("No trained run in this store yet: train one in the Method and Training views "
                                    "(the Teaching preset takes about ten minutes), then it is listed here.")
                               : tr("The store's runs are not listed: %1").arg(error));
}

void UsersView::run()
{
    run(m_provider ? m_provider(m_count->value()) : QStringList());
}

void UsersView::setRunsOnLoadedData(bool on)
{
    m_onLoaded->setChecked(on);
}

bool UsersView::runsOnLoadedData() const
{
    return m_onLoaded->isChecked();
}

void UsersView::run(const QStringList& users)
{
    const RunChoice choice = onDataset(m_run->currentData().value<RunChoice>(),
                                       runsOnLoadedData() && m_loadedData ? m_loadedData() : DatasetPtr());
    if (!choice.isValid() || users.isEmpty()) {
        m_summary->setText(!choice.isValid() ? tr("Choose a trained run first.")
                                             : tr("Select a user in the Data view first: the users start there."));
        emit finished(false);
        return;
    }
    m_go->setEnabled(false);
    m_summary->setStyleSheet(QString());
    m_summary->setText(tr("Predicting for %n user(s) with %1…", nullptr, static_cast<int>(users.size())).arg(choice.label));
    m_service->predictUsers(choice, users);
}

QString UsersView::summaryText() const
{
    return m_summary->text();
}

void UsersView::show(const UserPredictions& predictions)
{
    m_table->setRowCount(static_cast<int>(predictions.size()));
    std::set<std::string> answers;
    double f1Sum = 0.0;
    int f1Count = 0;
    for (int r = 0; r < predictions.size(); ++r) {
        const api::UserPredictionView& v = predictions[r];
        answers.insert(answerKey(v));
        const bool next = v.task == "next-item";
        const QString truth = next ? QString::fromStdString(v.target)
                                   : tr("Liked: %1. Not liked: %2").arg(nameList(v.truthLiked), nameList(v.truthDisliked));
        const double score = next ? v.rougeL : v.f1;
        const QStringList cells = {QString::fromStdString(v.user), QString::fromStdString(v.output),
                                   next ? QString() : marked(v.liked, v.truthLiked),
                                   next ? QString() : marked(v.disliked, v.truthDisliked), truth,
                                   std::isfinite(score) ? QString::number(score, 'f', 3) : QStringLiteral("—")};
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            m_table->setItem(r, c, item);
        }
        if (std::isfinite(score)) {
            f1Sum += score;
            ++f1Count;
        }
    }
    m_table->resizeRowsToContents();
    const int users = static_cast<int>(predictions.size());
    const int distinct = static_cast<int>(answers.size());
    const bool next = !predictions.isEmpty() && predictions.front().task == "next-item";
    QString text = tr("%1 users, %2 different answers; mean %3 %4.")
                       .arg(users)
                       .arg(distinct)
                       .arg(next ? QStringLiteral("ROUGE-L") : QStringLiteral("F1"))
                       .arg(f1Count > 0 ? f1Sum / f1Count : std::nan(""), 0, 'f', 3);
    // The same yardstick as a run's test verdict: fewer than one answer in five users is a warning.
    const bool alike = users >= 2 && distinct * 5 < users;
    if (users >= 2 && distinct == 1)
        text += QLatin1Char(' ') + tr("Every one of these users gets the same answer: the run does not read them.");
    else if (alike)
        text += QLatin1Char(' ') + tr("Few different answers for this many users: the run barely reads them.");
    // A run trained on another dataset answers for that dataset's users with these keys.
    const QString other = m_loadedDataset && !predictions.isEmpty()
                              ? otherDataset(predictions.front().dataset, m_loadedDataset())
                              : QString();
    if (!other.isEmpty())
        text = tr("Trained on another dataset (%1): these are its users with these keys, each marked against its "
                  "truth there, not the users of the loaded dataset.").arg(QDir::toNativeSeparators(other))
               + QLatin1Char(' ') + text;
    m_summary->setStyleSheet(alike || distinct == 1 || !other.isEmpty()
                                 ? QStringLiteral("color: %1; font-weight: bold;").arg(kWarningColor)
                                 : QString());
    m_summary->setText(text);
}

} // namespace persona::ui
