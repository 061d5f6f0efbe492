#include "ui/views/inspect_view.h"

#include "ui/charts/heatmap_plot.h"
#include "ui/views/export_location.h"
#include "ui/workers/loaded_dataset.h"
#include "ui/workers/run_choices.h"
#include "ui/workers/trained_run_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace persona::ui {

namespace {
enum Column { TokenColumn, RoleColumn, NormColumn, NearColumn, NeighboursColumn, ColumnCount };

QByteArray csvField(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}
} // namespace

InspectView::InspectView(QWidget* parent)
    : QWidget(parent)
{
    m_service = new TrainedRunService(this, 1); // one run inspected at a time
    connect(m_service, &TrainedRunService::inspected, this, &InspectView::onInspected);
    connect(m_service, &TrainedRunService::inspectFailed, this, [this](const QString& message) {
        clear(tr("Could not inspect the run."));
        emit errorOccurred(tr("Cannot inspect the run"), message);
        emit inspectionFinished(false);
    });

    m_run = new QComboBox(this);
    m_run->setMinimumContentsLength(24);
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_run, &QComboBox::currentIndexChanged, this, [this] {
        m_checkpointSteps.clear();
        m_checkpoint->clear();
        requestInspection();
    });
    auto* openFolder = new QPushButton(tr("Open Run Folder…"), this);
    connect(openFolder, &QPushButton::clicked, this, &InspectView::chooseRunFolder);
    m_k = new QSpinBox(this);
    m_k->setRange(1, 50);
    m_k->setValue(10);
    m_k->setPrefix(tr("top "));
    connect(m_k, &QSpinBox::editingFinished, this, &InspectView::requestInspection);
    m_checkpoint = new QComboBox(this);
    m_checkpoint->setMinimumContentsLength(10);
    connect(m_checkpoint, &QComboBox::activated, this, [this](int index) {
        emit checkpointChosen(index);
        if (index >= 0 && index < m_checkpointSteps.size())
            requestInspection();
    });
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Neighbours"), exportLocation(QStringLiteral("neighbours.csv")),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    m_onLoaded = new QCheckBox(tr("On the loaded data"), this);
    m_onLoaded->setObjectName(QStringLiteral("runOnLoadedData"));
    m_onLoaded->setToolTip(tr("Compute the soft prompt from the user's history in the dataset loaded in the Data "
                              "view instead of the one the run was trained on (works when it has the run's genres)"));
    connect(m_onLoaded, &QCheckBox::toggled, this, [this](bool on) {
        emit runsOnLoadedDataChanged(on);
        requestInspection();
    });
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run:"), this));
    top->addWidget(m_run, 1);
    top->addWidget(m_onLoaded);
    top->addWidget(openFolder);
    top->addWidget(m_k);
    top->addWidget(new QLabel(tr("Checkpoint:"), this));
    top->addWidget(m_checkpoint);
    top->addWidget(exportButton);

    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Token"), tr("Role"), tr("Norm"), tr("Near a word"), tr("Nearest vocabulary tokens (cosine)")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_heatmap = new HeatmapPlot(this);
    m_heatmap->setAxisLabels(tr("Neighbour rank"), tr("Soft-prompt token"), tr("Cosine similarity"));
    m_attention = new HeatmapPlot(this);
    m_attention->setAxisLabels(tr("History item"), tr("Perceiver latent"), tr("Attention (mean over heads)"));
    auto* plots = new QTabWidget(this);
    plots->addTab(m_heatmap, tr("Neighbour cosines"));
    plots->addTab(m_attention, tr("Perceiver attention"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(plots);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
    clear(tr("Choose a trained PERSOMA run (from the store or with Open Run Folder…) and select a user in the Data view."));
}

InspectView::~InspectView() = default;

void InspectView::setStorePath(const QString& path)
{
    m_storePath = path;
    refreshRuns();
}

void InspectView::refreshRuns()
{
    const RunChoice current = m_run->currentData().value<RunChoice>();
    RunChoices keep; // folders opened by hand stay
    for (int i = 0; i < m_run->count(); ++i) {
        const RunChoice c = m_run->itemData(i).value<RunChoice>();
        if (c.storeRunId == 0)
            keep.append(c);
    }
    const QSignalBlocker block(m_run);
    m_run->clear();
    for (const RunChoice& c : storeRunChoices(m_storePath, RunFamily::Persoma) + keep)
        m_run->addItem(c.label, QVariant::fromValue(c));
    int index = 0;
    for (int i = 0; i < m_run->count(); ++i)
        if (m_run->itemData(i).value<RunChoice>().dir == current.dir)
            index = i;
    m_run->setCurrentIndex(m_run->count() ? index : -1);
    if (m_run->currentData().value<RunChoice>().dir != current.dir || current.dir.isEmpty())
        requestInspection();
}

bool InspectView::addRunFolder(const QString& dir)
{
    QString error;
    RunChoice c = folderRunChoice(dir, &error);
    if (c.isValid() && runFamily(runFolderMethod(c.dir)) != RunFamily::Persoma)
        error = tr("%1 is a %2 run; the Inspect view shows PERSOMA soft prompts.")
                    .arg(QDir::toNativeSeparators(dir), runFolderMethod(c.dir));
    if (!error.isEmpty()) {
        emit errorOccurred(tr("Cannot open the run folder"), error);
        return false;
    }
    for (int i = 0; i < m_run->count(); ++i)
        if (m_run->itemData(i).value<RunChoice>().dir == c.dir) {
            m_run->setCurrentIndex(i);
            return true;
        }
    m_run->addItem(c.label, QVariant::fromValue(c));
    m_run->setCurrentIndex(m_run->count() - 1);
    return true;
}

void InspectView::chooseRunFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"));
    if (!dir.isEmpty())
        addRunFolder(dir);
}

void InspectView::setUser(const QString& key)
{
    if (key == m_user)
        return;
    m_user = key;
    requestInspection();
}

void InspectView::setRunsOnLoadedData(bool on)
{
    m_onLoaded->setChecked(on);
}

bool InspectView::runsOnLoadedData() const
{
    return m_onLoaded->isChecked();
}

void InspectView::requestInspection()
{
    const RunChoice run = onDataset(m_run->currentData().value<RunChoice>(),
                                    runsOnLoadedData() && m_loadedData ? m_loadedData() : DatasetPtr());
    if (!run.isValid()) {
        clear(tr("Choose a trained PERSOMA run (from the store or with Open Run Folder…)."));
        return;
    }
    if (m_user.isEmpty()) {
        clear(tr("Select a user in the Data view."));
        return;
    }
    // Hidden (another tab is open): every user clicked in the Data view would compute a soft
    // prompt nobody sees, and a failure would pop up from a view the user is not looking at. The
    // inspection waits until the view is shown.
    if (!isVisible()) {
        m_deferred = true;
        m_title->setText(tr("User %1 with %2: computed when this view is opened.").arg(m_user, run.label));
        return;
    }
    m_deferred = false;
    const int index = m_checkpoint->currentIndex();
    const int step = index >= 0 && index < m_checkpointSteps.size() ? m_checkpointSteps[index] : -1;
    m_title->setText(tr("Computing the soft prompt of user %1 with %2…").arg(m_user, run.label));
    m_service->inspect(run, m_user, m_k->value(), step);
}

void InspectView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_deferred)
        requestInspection();
}

void InspectView::onInspected(const InspectResult& r)
{
    // Checkpoint entries: the final state, then each saved step.
    const int shownStep = r.neighbours.checkpointStep;
    m_checkpointSteps = {-1};
    QStringList labels = {tr("final")};
    for (const api::CheckpointInfo& c : r.checkpoints) {
        m_checkpointSteps << c.step;
        labels << tr("step %1").arg(c.step);
    }
    {
        const QSignalBlocker block(m_checkpoint);
        m_checkpoint->clear();
        m_checkpoint->addItems(labels);
        m_checkpoint->setCurrentIndex(std::max(0, int(m_checkpointSteps.indexOf(shownStep))));
    }
    QVector<TokenNeighbours> tokens;
    for (const api::SoftTokenView& t : r.neighbours.tokens) {
        TokenNeighbours n;
        n.token = t.index;
        n.role = QString::fromStdString(t.role);
        n.norm = t.norm;
        n.nearWord = t.nearWord;
        for (const api::NeighbourWord& w : t.neighbours) {
            n.words << QString::fromStdString(w.text);
            n.cosines << w.cosine;
        }
        tokens << n;
    }
    const QString at = shownStep < 0 ? tr("final state") : tr("step %1").arg(shownStep);
    // The task tokens start at the instruction's word embeddings, so they are "near a real word"
    // by construction: the share that says something about the user counts the user's tokens only.
    int userTokens = 0, userNear = 0, taskTokens = 0, taskNear = 0;
    for (const TokenNeighbours& n : tokens) {
        const bool task = n.role == QLatin1String("task");
        (task ? taskTokens : userTokens) += 1;
        (task ? taskNear : userNear) += n.nearWord ? 1 : 0;
    }
    const auto percent = [](int part, int whole) { return whole > 0 ? 100.0 * part / whole : 0.0; };
    QString heading = tr("User %1, %2 (%3): %4% of the %5 user tokens are near a real word (cosine ≥ 0.5).")
                        .arg(r.user, m_run->currentText(), at)
                        .arg(percent(userNear, userTokens), 0, 'f', 1)
                        .arg(userTokens);
    if (taskTokens > 0)
        heading += QLatin1Char(' ') + tr("The %1 task tokens start at the instruction's words (%2% still near one) "
                                       "and are left out of that share.")
                                        .arg(taskTokens)
                                        .arg(percent(taskNear, taskTokens), 0, 'f', 1);
    heading += QLatin1Char(' ') + tr("Mean vocabulary embedding norm %1.").arg(r.neighbours.meanVocabNorm, 0, 'f', 3);
    // A run trained on another dataset reads its own user of this key.
    if (const QString other = m_loadedDataset ? otherDataset(r.dataset.toStdString(), m_loadedDataset()) : QString();
        !other.isEmpty())
        heading = tr("Trained on another dataset (%1): user %2 of that dataset, not of the loaded one.")
                      .arg(QDir::toNativeSeparators(other), r.user)
                  + QLatin1Char(' ') + heading;
    setNeighbours(heading, tokens, r.user, m_run->currentText(), shownStep < 0 ? QStringLiteral("final") : QString::number(shownStep));
    QStringList items;
    QVector<QVector<double>> weights;
    for (const std::string& title : r.attention.items)
        items << QString::fromStdString(title);
    for (const auto& row : r.attention.weights)
        weights << QVector<double>(row.begin(), row.end());
    setAttention(r.hasAttention ? items : QStringList(), weights);
    emit inspectionFinished(true);
}

void InspectView::setCheckpoints(const QStringList& labels)
{
    m_checkpoint->clear();
    m_checkpoint->addItems(labels);
    m_checkpoint->setCurrentIndex(labels.isEmpty() ? -1 : int(labels.size()) - 1);
}

void InspectView::setNeighbours(const QString& title, const QVector<TokenNeighbours>& neighbours, const QString& user,
                                const QString& run, const QString& checkpoint)
{
    m_neighbours = neighbours;
    m_shownUser = user;
    m_shownRun = run;
    m_shownCheckpoint = checkpoint;
    m_title->setText(title);
    qsizetype k = 0;
    for (const TokenNeighbours& n : neighbours)
        k = std::max(k, n.words.size());
    m_table->setRowCount(int(neighbours.size()));
    QStringList tokenLabels, rankLabels;
    QVector<double> values;
    for (int row = 0; row < neighbours.size(); ++row) {
        const TokenNeighbours& n = neighbours[row];
        const QString label = n.role == QLatin1String("task") ? tr("t%1").arg(n.token) : tr("p%1").arg(n.token);
        tokenLabels << label;
        QStringList words;
        for (qsizetype r = 0; r < k; ++r) {
            values << (r < n.cosines.size() ? n.cosines[r] : 0.0);
            if (r < n.words.size())
                words << tr("%1 (%2)").arg(n.words[r]).arg(n.cosines.value(r), 0, 'f', 3);
        }
        const QString role = n.role == QLatin1String("task") ? tr("task (T)") : n.role == QLatin1String("user") ? tr("user (P_u)") : QString();
        m_table->setItem(row, TokenColumn, new QTableWidgetItem(label));
        m_table->setItem(row, RoleColumn, new QTableWidgetItem(role));
        m_table->setItem(row, NormColumn, new QTableWidgetItem(n.role.isEmpty() ? QString() : QString::number(n.norm, 'f', 3)));
        m_table->setItem(row, NearColumn, new QTableWidgetItem(n.role.isEmpty() ? QString() : n.nearWord ? tr("yes") : tr("no")));
        m_table->setItem(row, NeighboursColumn, new QTableWidgetItem(words.join(QStringLiteral(", "))));
    }
    for (qsizetype r = 0; r < k; ++r)
        rankLabels << QString::number(r + 1);
    m_heatmap->setMatrix(tokenLabels, rankLabels, values);
    m_table->resizeColumnsToContents();
}

void InspectView::setAttention(const QStringList& items, const QVector<QVector<double>>& weights)
{
    QStringList latents;
    QVector<double> values;
    for (int l = 0; l < weights.size(); ++l) {
        latents << tr("latent %1").arg(l);
        values += weights[l];
    }
    if (items.isEmpty())
        m_attention->clearMatrix();
    else
        m_attention->setMatrix(latents, items, values);
}

void InspectView::clear(const QString& reason)
{
    m_neighbours.clear();
    m_title->setText(reason);
    m_table->setRowCount(0);
    m_heatmap->clearMatrix();
    m_attention->clearMatrix();
}

QString InspectView::titleText() const
{
    return m_title->text();
}

bool InspectView::exportCsv(const QString& path)
{
    // One row per (soft token, neighbour), each saying whose soft prompt, from which run and
    // checkpoint, and the token's role and norm, so files from several users can be put together.
    const QByteArray user = csvField(m_shownUser);
    const QByteArray run = csvField(m_shownRun);
    const QByteArray checkpoint = csvField(m_shownCheckpoint);
    QByteArray csv = "user,run,checkpoint,token,role,norm,rank,neighbour,cosine\n";
    int rows = 0;
    for (const TokenNeighbours& n : m_neighbours)
        for (qsizetype r = 0; r < n.words.size(); ++r) {
            csv += user + ',' + run + ',' + checkpoint + ',' + QByteArray::number(n.token) + ',' + csvField(n.role) + ','
                   + QByteArray::number(n.norm, 'g', 8) + ',' + QByteArray::number(r + 1) + ',' + csvField(n.words[r])
                   + ',' + QByteArray::number(n.cosines.value(r), 'g', 8) + '\n';
            ++rows;
        }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(csv) != csv.size()) {
        emit errorOccurred(tr("Cannot export the neighbours"),
                           tr("Could not write %1: %2. Choose a folder you can write to.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    rememberExportLocation(path);
    emit exported(tr("Saved %n neighbour row(s) of user %1 to %2.", nullptr, rows)
                      .arg(m_shownUser.isEmpty() ? tr("(none)") : m_shownUser, QDir::toNativeSeparators(path)));
    return true;
}

} // namespace persona::ui
