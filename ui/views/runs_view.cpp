#include "ui/views/runs_view.h"

#include "core/api/run_table.h"
#include "core/store/run_export.h"
#include "core/store/store.h"
#include "ui/charts/curve_plot.h"
#include "ui/charts/slice_chart.h"
#include "ui/itemmodels/column_filter.h"
#include "ui/itemmodels/predictions_model.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/views/export_location.h"
#include "ui/workers/loaded_dataset.h"
#include "ui/workers/run_choices.h"
#include "ui/workers/trained_run_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QThread>
#include <QPointer>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace persona::ui {

RunsView::RunsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new RunsModel(this))
    , m_proxy(new ColumnFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    m_pathLabel = new QLabel(tr("No store open."), this);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto button = [this](const QString& text, auto slot) {
        auto* b = new QPushButton(text, this);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    auto* top = new QHBoxLayout;
    top->addWidget(m_pathLabel, 1);
    top->addWidget(button(tr("Open Store…"), [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Experiment Store"), m_path,
                                                          tr("SQLite stores (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            openStoreForWindow(path);
    }));
    top->addWidget(button(tr("Refresh"), [this] { refresh(); }));
    top->addWidget(button(tr("Pin Baseline"), [this] {
        const QList<qint64> runs = selectedRuns();
        m_baseline = runs.isEmpty() ? std::nullopt : std::optional<qint64>(runs.first());
        updatePlot();
    }));
    top->addWidget(button(tr("Delete…"), [this] { deleteSelected(); }));
    top->addWidget(button(tr("Export Plot…"), [this] { chooseExportPlot(); }));
    top->addWidget(button(tr("Export CSV…"), [this] { chooseExportCsv(); }));

    m_table = new QTreeView(this);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsModel::IdColumn, Qt::DescendingOrder); // newest first, as the store lists them
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->header()->setToolTip(tr("Click to sort; right-click to show or hide columns."));
    connect(m_table->header(), &QWidget::customContextMenuRequested, this, &RunsView::showColumnMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::onSelectionChanged);

    m_filter = new QLineEdit(this);
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter: words any column contains; setting=value; metric>0.2"));
    m_filter->setToolTip(tr("Keeps the runs that match every word. \"random\" matches any column containing it; "
                            "\"historySize=50\" a setting's exact value; \"test_f1>0.25\" or \"test_f1<0.2\" a "
                            "number column."));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        if (m_model->isGrouped())
            m_table->expandAll();
        noteFilterProblems();
    });
    m_groupBy = new QComboBox(this);
    m_groupBy->setToolTip(tr("Group the table's runs: seeds (configs equal apart from the seed) or one setting that "
                             "differs between them. A group's row shows mean ± sd of each metric."));
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setGrouping(m_groupBy->currentData().toString());
        m_table->setRootIsDecorated(m_model->isGrouped());
        fitColumns();
    });
    m_filterNote = new QLabel(this);
    m_filterNote->setVisible(false);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(new QLabel(tr("Group:"), this));
    filterRow->addWidget(m_groupBy);
    auto* tableBox = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_filterNote);
    tableLayout->addWidget(m_table, 1);

    m_details = new QPlainTextEdit(this);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a run to see its config and metrics."));
    m_metric = new QComboBox(this);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &RunsView::updatePlot);
    m_plot = new CurvePlot(this);
    auto* plotBox = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plotBox);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    m_groupSeeds = new QCheckBox(tr("Group seeds"), this);
    m_groupSeeds->setChecked(true);
    m_groupSeeds->setToolTip(tr("Draw runs whose configs differ only by the seed as one mean curve with its spread."));
    connect(m_groupSeeds, &QCheckBox::toggled, this, [this] {
        updateDetails();
        updatePlot();
    });
    m_spread = new QComboBox(this);
    m_spread->addItem(tr("± 1 sd"), static_cast<int>(Spread::StdDev));
    m_spread->addItem(tr("min–max"), static_cast<int>(Spread::MinMax));
    m_spread->setToolTip(tr("The shaded band around a seed group's mean: one sample standard deviation, or the "
                            "lowest and highest run."));
    connect(m_spread, &QComboBox::currentIndexChanged, this, &RunsView::updatePlot);
    auto* metricRow = new QHBoxLayout;
    metricRow->addWidget(new QLabel(tr("Metric:"), this));
    metricRow->addWidget(m_metric, 1);
    metricRow->addWidget(m_groupSeeds);
    metricRow->addWidget(m_spread);
    plotLayout->addLayout(metricRow);
    plotLayout->addWidget(new CurveControls({m_plot}, this));
    plotLayout->addWidget(m_plot, 1);

    // The predictions browser: one run's test predictions.
    m_predictions = new PredictionsModel(this);
    m_predictionsProxy = new ColumnFilterProxy(this);
    m_predictionsProxy->setSourceModel(m_predictions);
    m_predictionsTable = new QTableView(this);
    m_predictionsTable->setModel(m_predictionsProxy);
    m_predictionsTable->setSortingEnabled(true);
    m_predictionsTable->sortByColumn(PredictionsModel::UserColumn, Qt::AscendingOrder);
    m_predictionsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_predictionsTable->setAlternatingRowColors(true);
    m_predictionsTable->verticalHeader()->setVisible(false);
    m_predictionsTable->horizontalHeader()->setStretchLastSection(true);
    m_predictionsTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    connect(m_predictions, &PredictionsModel::noteEdited, this, &RunsView::keepNote);
    m_predictionsFilter = new QLineEdit(this);
    m_predictionsFilter->setClearButtonEnabled(true);
    m_predictionsFilter->setPlaceholderText(tr("Filter: words any column contains; F1<0.2; Tags=check"));
    connect(m_predictionsFilter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_predictionsProxy->setFilterText(text);
        m_predictionsLabel->setText(predictionsSummary());
    });
    m_predictionsLabel = new QLabel(tr("Select one run to browse its predictions."), this);
    m_predictionsLabel->setWordWrap(true);
    auto* predictionsBox = new QWidget(this);
    auto* predictionsLayout = new QVBoxLayout(predictionsBox);
    predictionsLayout->setContentsMargins(0, 0, 0, 0);
    predictionsLayout->addWidget(m_predictionsLabel);
    predictionsLayout->addWidget(m_predictionsFilter);
    m_predictionInput = new QPlainTextEdit(this);
    m_predictionInput->setObjectName(QStringLiteral("predictionInput"));
    m_predictionInput->setReadOnly(true);
    m_predictionInput->setPlaceholderText(tr("Select a prediction to see the input behind it: the history items the "
                                             "method was shown and the decoder's input."));
    connect(m_predictionsTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunsView::updatePredictionInput);
    auto* predictionsSplit = new QSplitter(Qt::Vertical, this);
    predictionsSplit->addWidget(m_predictionsTable);
    predictionsSplit->addWidget(m_predictionInput);
    predictionsSplit->setStretchFactor(0, 3);
    predictionsSplit->setStretchFactor(1, 1);
    predictionsLayout->addWidget(predictionsSplit, 1);
    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->addTab(m_details, tr("Details"));
    m_bottomTabs->addTab(predictionsBox, tr("Predictions"));

    // Slices: the selected runs' stored test predictions by one user attribute.
    m_sliceAttribute = new QComboBox(this);
    m_sliceAttribute->setObjectName(QStringLiteral("sliceAttribute"));
    m_sliceAttribute->setToolTip(tr("The user attribute the test users are grouped by (age, gender and occupation where "
                                    "the dataset has a user file; history length, rating mean and eligible genres always)"));
    m_sliceMetric = new QComboBox(this);
    m_sliceMetric->setObjectName(QStringLiteral("sliceMetric"));
    m_sliceMetric->addItems({tr("F1"), tr("F1 against other users' truths"), tr("Different answers")});
    auto* sliceCsv = new QPushButton(tr("Export CSV…"), this);
    auto* sliceImage = new QPushButton(tr("Export Image…"), this);
    m_sliceStatus = new QLabel(tr("Select runs to see how they do for each kind of user."), this);
    m_sliceStatus->setWordWrap(true);
    m_sliceChart = new SliceChart(this);
    connect(m_sliceAttribute, &QComboBox::activated, this, &RunsView::updateSlices);
    connect(m_sliceMetric, &QComboBox::currentIndexChanged, this, [this](int metric) {
        if (!m_slices.runs.empty())
            m_sliceChart->setSlices(m_slices, static_cast<SliceChart::Metric>(metric));
    });
    connect(sliceCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Slices"), exportLocation(QStringLiteral("slices.csv")),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportSlicesCsv(path);
    });
    connect(sliceImage, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Slices Chart"), exportLocation(QStringLiteral("slices.png")),
                                                          tr("PNG image (*.png);;PDF document (*.pdf)"));
        if (!path.isEmpty())
            exportSlicesImage(path);
    });
    auto* sliceRow = new QHBoxLayout;
    sliceRow->addWidget(new QLabel(tr("By:"), this));
    sliceRow->addWidget(m_sliceAttribute, 1);
    sliceRow->addWidget(m_sliceMetric, 1);
    sliceRow->addWidget(sliceCsv);
    sliceRow->addWidget(sliceImage);
    auto* slicesBox = new QWidget(this);
    auto* slicesLayout = new QVBoxLayout(slicesBox);
    slicesLayout->setContentsMargins(0, 0, 0, 0);
    slicesLayout->addLayout(sliceRow);
    slicesLayout->addWidget(m_sliceStatus);
    slicesLayout->addWidget(m_sliceChart, 1);
    m_slicesTab = m_bottomTabs->addTab(slicesBox, tr("Slices"));
    connect(m_bottomTabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == m_slicesTab)
            updateSlices();
    });

    auto* bottom = new QSplitter(Qt::Horizontal, this);
    // The predictions need room: their tab takes two thirds of the width, the details one third.
    connect(m_bottomTabs, &QTabWidget::currentChanged, this, [bottom](int tab) {
        const int width = bottom->width();
        bottom->setSizes(tab >= 1 ? QList<int>{width * 2 / 3, width / 3} : QList<int>{width / 3, width * 2 / 3});
    });
    bottom->addWidget(m_bottomTabs);
    bottom->addWidget(plotBox);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 2);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(tableBox);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
}

RunsView::~RunsView() = default;

void RunsView::reportStoreError(const QString& what, const std::exception& e)
{
    emit errorOccurred(what, tr("%1\n\nIf another program is writing to the store, wait for it to finish "
                                "and press Refresh; otherwise open another store with Open Store…")
                                 .arg(QString::fromUtf8(e.what())));
}

bool RunsView::openStore(const QString& path)
{
    m_store.reset();
    m_model->setRows({});
    updateGroupChoices();
    m_baseline.reset();
    m_path = path;
    m_pathLabel->setText(tr("Store: %1").arg(QDir::toNativeSeparators(path)));
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        store::StoreOptions options;
        options.busyTimeoutMs = 1000;
        m_store = std::make_unique<store::Store>(path.toStdString(), options);
    } catch (const std::exception& e) {
        m_pathLabel->setText(tr("Store: %1 (could not be opened)").arg(QDir::toNativeSeparators(path)));
        reportStoreError(tr("Cannot open the experiment store"), e);
        return false;
    }
    return refresh();
}

bool RunsView::openStoreForWindow(const QString& path)
{
    if (!openStore(path))
        return false;
    emit storeChosen(path);
    return true;
}

bool RunsView::refresh()
{
    if (!m_store)
        return m_path.isEmpty() ? false : openStore(m_path);
    const QList<qint64> selected = selectedRuns();
    try {
        std::vector<RunsModel::Row> rows;
        for (store::RunRecord& run : m_store->listRuns()) {
            RunsModel::Row row;
            row.metrics = m_store->metricSummaries(run.id);
            row.run = std::move(run);
            rows.push_back(std::move(row));
        }
        m_model->setRows(std::move(rows));
    } catch (const std::exception& e) {
        m_model->setRows({});
        updateGroupChoices();
        reportStoreError(tr("Cannot read the experiment store"), e);
        return false;
    }
    updateGroupChoices();
    fitColumns();
    noteFilterProblems();
    m_details->setPlaceholderText(m_model->rowCount() == 0
                                      ? tr("This store has no runs yet. Runs trained with the persona CLI appear here.")
                                      : tr("Select a run to see its config and metrics."));
    selectRuns(selected);
    return true;
}

void RunsView::selectRuns(const QList<qint64>& runIds)
{
    QItemSelection selection;
    const int last = m_proxy->columnCount() - 1;
    auto visit = [&](const QModelIndex& parent, auto&& self) -> void {
        for (int r = 0; r < m_proxy->rowCount(parent); ++r) {
            const QModelIndex index = m_proxy->index(r, 0, parent);
            if (m_proxy->hasChildren(index))
                self(index, self);
            else if (runIds.contains(index.data(RunsModel::RunIdRole).toLongLong()))
                selection.select(index, m_proxy->index(r, last, parent));
        }
    };
    visit(QModelIndex(), visit);
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    onSelectionChanged();
}

QList<qint64> RunsView::selectedRuns() const
{
    QList<qint64> ids;
    // A selected group row stands for its runs (those the filter keeps).
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        if (m_proxy->hasChildren(index)) {
            for (int r = 0; r < m_proxy->rowCount(index); ++r)
                ids << m_proxy->index(r, 0, index).data(RunsModel::RunIdRole).toLongLong();
        } else {
            ids << index.data(RunsModel::RunIdRole).toLongLong();
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

QList<qint64> RunsView::visibleRuns() const
{
    QList<qint64> ids;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex index = m_proxy->index(r, 0);
        if (m_proxy->hasChildren(index))
            for (int c = 0; c < m_proxy->rowCount(index); ++c)
                ids << m_proxy->index(c, 0, index).data(RunsModel::RunIdRole).toLongLong();
        else
            ids << index.data(RunsModel::RunIdRole).toLongLong();
    }
    return ids;
}

void RunsView::fitColumns()
{
    m_table->expandAll(); // a group's runs are shown under it
    for (int c = 0; c < m_model->columnCount(); ++c) {
        m_table->setColumnHidden(c, m_hiddenColumns.contains(m_model->headerData(c, Qt::Horizontal).toString()));
        m_table->resizeColumnToContents(c);
    }
}

void RunsView::setFilterText(const QString& text)
{
    m_filter->setText(text);
}

void RunsView::setGrouping(const QString& key)
{
    const int index = m_groupBy->findData(key);
    m_groupBy->setCurrentIndex(index >= 0 ? index : 0);
}

void RunsView::sortByColumn(int column, Qt::SortOrder order)
{
    m_table->sortByColumn(column, order);
}

void RunsView::updateGroupChoices()
{
    const QString current = m_groupBy->currentData().toString();
    QSignalBlocker block(m_groupBy);
    m_groupBy->clear();
    m_groupBy->addItem(tr("none"), QString::fromLatin1(RunsModel::kNoGrouping));
    m_groupBy->addItem(tr("seeds"), QString::fromLatin1(RunsModel::kGroupBySeeds));
    for (const std::string& key : m_model->settingColumns())
        m_groupBy->addItem(QString::fromStdString(key), QString::fromStdString(key));
    const int keep = m_groupBy->findData(current);
    m_groupBy->setCurrentIndex(keep >= 0 ? keep : 0);
    m_model->setGrouping(m_groupBy->currentData().toString());
    m_table->setRootIsDecorated(m_model->isGrouped());
}

void RunsView::showColumnMenu(const QPoint& pos)
{
    QMenu menu(this);
    for (int c = RunsModel::NameColumn; c < m_model->columnCount(); ++c) {
        const QString name = m_model->headerData(c, Qt::Horizontal).toString();
        QAction* action = menu.addAction(name);
        action->setCheckable(true);
        action->setChecked(!m_table->isColumnHidden(c));
        connect(action, &QAction::toggled, this, [this, c, name](bool shown) {
            m_table->setColumnHidden(c, !shown);
            m_hiddenColumns.removeAll(name);
            if (!shown)
                m_hiddenColumns << name;
        });
    }
    menu.exec(m_table->header()->mapToGlobal(pos));
}

void RunsView::noteFilterProblems()
{
    const QStringList unknown = m_proxy->unknownColumns();
    QString note;
    if (!unknown.isEmpty())
        note = tr("No column is called %1: the filter keeps no run. A setting is a column only where the runs differ in it.")
                   .arg(unknown.join(QStringLiteral(", ")));
    else if (!m_filter->text().trimmed().isEmpty() && m_model->rowCount() > 0 && visibleRuns().isEmpty())
        note = tr("No run matches the filter.");
    m_filterNote->setText(note);
    m_filterNote->setVisible(!note.isEmpty());
}

void RunsView::setMetric(const QString& name)
{
    const int index = m_metric->findText(name);
    if (index >= 0)
        m_metric->setCurrentIndex(index);
}

QString RunsView::metric() const
{
    return m_metric->currentText();
}

void RunsView::onSelectionChanged()
{
    updateMetricChoices();
    updateDetails();
    updatePlot();
    updatePredictions();
    updateSlices();
}

void RunsView::updatePredictions()
{
    const QList<qint64> runs = selectedRuns();
    if (runs.size() != 1 || !m_store) {
        m_predictions->setPredictions(0, {});
        m_predictionsLabel->setText(runs.isEmpty() ? tr("Select one run to browse its predictions.")
                                                   : tr("%n runs are selected: select one to browse its predictions.",
                                                        nullptr, static_cast<int>(runs.size())));
        return;
    }
    try {
        m_predictions->setPredictions(runs.first(), m_store->predictions(runs.first()));
    } catch (const std::exception& e) {
        m_predictions->setPredictions(0, {});
        reportStoreError(tr("Cannot read the run's predictions"), e);
    }
    m_predictionsTable->resizeColumnsToContents();
    m_predictionsLabel->setText(predictionsSummary());
    updatePredictionInput();
}

void RunsView::updatePredictionInput()
{
    const QModelIndex current = m_predictionsTable->currentIndex();
    const qint64 runId = m_predictions->runId();
    if (!current.isValid() || runId == 0 || !m_store) {
        m_predictionInput->clear();
        return;
    }
    const QString user = m_predictionsProxy->index(current.row(), PredictionsModel::UserColumn).data().toString();
    QString error;
    RunChoice choice;
    try {
        const store::RunRecord record = m_store->run(runId);
        choice = storeRunChoice(runId, QString::fromStdString(record.method), QString::fromStdString(record.config.dump()), &error);
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    if (!choice.isValid()) {
        m_predictionInput->setPlainText(tr("The input of user %1 cannot be shown: %2").arg(user, error));
        return;
    }
    if (!m_inputService) {
        m_inputService = std::make_unique<TrainedRunService>(nullptr, 1);
        connect(m_inputService.get(), &TrainedRunService::inputDescribed, this, [this](const api::UserPredictionView& v) {
            QString text = m_inputHeader + QLatin1Char('\n');
            text += tr("Shown history (%n item(s), oldest first):", nullptr, static_cast<int>(v.shownItems.size())) + QLatin1Char('\n');
            for (const std::string& item : v.shownItems)
                text += QStringLiteral("  • ") + QString::fromStdString(item) + QLatin1Char('\n');
            text += tr("Decoder input (%n prompt token(s)):", nullptr, v.inputTokens) + QLatin1Char('\n') +
                    QString::fromStdString(v.inputText);
            m_predictionInput->setPlainText(text);
        });
        connect(m_inputService.get(), &TrainedRunService::inputFailed, this, [this](const QString& message) {
            m_predictionInput->setPlainText(m_inputHeader + QLatin1Char('\n') + tr("The input cannot be shown: %1").arg(message));
        });
    }
    m_inputHeader = tr("Input of run %1 for user %2, rebuilt from %3 (the run samples each user's history with its "
                       "own seed, so this is the input behind the stored answer):")
                        .arg(runId)
                        .arg(user, choice.dir.isEmpty() ? tr("the run's zero-shot config") : QDir::toNativeSeparators(choice.dir));
    m_predictionInput->setPlainText(m_inputHeader + QLatin1Char('\n') + tr("Loading the run…"));
    m_inputService->describeInput(choice, user);
}

QString RunsView::predictionsSummary() const
{
    const int all = m_predictions->rowCount();
    if (m_predictions->runId() == 0)
        return tr("Select one run to browse its predictions.");
    if (all == 0)
        return tr("Run %1 has no predictions in the store: a run's test pass writes them, and so do the "
                  "Compare view's columns.").arg(m_predictions->runId());
    double sum = 0.0;
    int scored = 0;
    QSet<QString> answers;
    for (int r = 0; r < m_predictionsProxy->rowCount(); ++r) {
        const QVariant f1 = m_predictionsProxy->index(r, PredictionsModel::F1Column).data(kSortRole);
        if (f1.isValid()) {
            sum += f1.toDouble();
            ++scored;
        }
        answers.insert(m_predictionsProxy->index(r, PredictionsModel::OutputColumn).data().toString());
    }
    const int shown = m_predictionsProxy->rowCount();
    QString text = shown == all ? tr("Run %1: %n prediction(s)", nullptr, all).arg(m_predictions->runId())
                                : tr("Run %1: %2 of %n prediction(s) match the filter", nullptr, all)
                                      .arg(m_predictions->runId()).arg(shown);
    if (scored > 0)
        text += tr(", the users' F1 averaging %1").arg(sum / scored, 0, 'f', 3);
    if (shown > 0)
        text += tr(", %n different answer(s)", nullptr, static_cast<int>(answers.size()));
    return text + tr(". Double-click a note or tags to edit them.");
}

void RunsView::showSlices()
{
    m_bottomTabs->setCurrentIndex(m_slicesTab);
}

void RunsView::setSliceAttribute(const QString& attribute)
{
    if (m_sliceAttribute->findText(attribute) < 0)
        m_sliceAttribute->addItem(attribute);
    m_sliceAttribute->setCurrentText(attribute);
    updateSlices();
}

void RunsView::setSliceMetric(int metric)
{
    m_sliceMetric->setCurrentIndex(metric);
}

QString RunsView::slicesStatus() const
{
    return m_sliceStatus->text();
}

void RunsView::updateSlices()
{
    if (m_bottomTabs->currentIndex() != m_slicesTab)
        return; // computed when the tab is shown
    const QList<qint64> runs = selectedRuns();
    const quint64 request = ++m_sliceRequest;
    if (runs.isEmpty() || !m_store) {
        m_slices = {};
        m_sliceChart->clearSlices();
        m_sliceStatus->setText(tr("Select runs to see how they do for each kind of user."));
        emit slicesShown();
        return;
    }
    m_sliceStatus->setText(tr("Reading the stored test predictions of %n run(s) and their datasets…", nullptr,
                              static_cast<int>(runs.size())));
    const std::string store = m_path.toStdString();
    const std::vector<std::int64_t> ids(runs.begin(), runs.end());
    const std::string attribute = m_sliceAttribute->currentText().toStdString();
    QPointer<RunsView> self(this);
    QThread* thread = QThread::create([self, request, store, ids, attribute] {
        api::StoredSlices slices;
        QString error;
        try {
            slices = api::storedSlices(store, ids, attribute);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, request, slices, error] {
                if (self)
                    self->onSlices(request, slices, error);
            }, Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void RunsView::onSlices(quint64 request, const api::StoredSlices& slices, const QString& error)
{
    if (request != m_sliceRequest)
        return; // a newer selection asked since
    m_slices = slices;
    // The attributes the datasets offer, the chosen one kept.
    const QSignalBlocker block(m_sliceAttribute);
    m_sliceAttribute->clear();
    for (const std::string& a : slices.attributes)
        m_sliceAttribute->addItem(QString::fromStdString(a));
    m_sliceAttribute->setCurrentText(QString::fromStdString(slices.attribute));
    if (!error.isEmpty()) {
        m_sliceChart->clearSlices();
        m_sliceStatus->setText(error);
        emit slicesShown();
        return;
    }
    m_sliceChart->setSlices(slices, static_cast<SliceChart::Metric>(m_sliceMetric->currentIndex()));
    QStringList notes;
    for (const api::RunSlices& r : slices.runs)
        if (!r.error.empty())
            notes << QString::fromStdString(r.label.empty() ? "#" + std::to_string(r.runId) : r.label) + ": " +
                         QString::fromStdString(r.error);
    std::size_t users = 0;
    for (const api::RunSlices& r : slices.runs)
        for (const api::SliceRow& row : r.rows)
            users += row.users;
    m_sliceStatus->setText(tr("%1 values of %2 over %n stored test answer(s) (the test pass's; Compare's answers carry "
                              "no truth and are left out).", nullptr, static_cast<int>(users))
                               .arg(m_sliceChart->valueLabels().size())
                               .arg(QString::fromStdString(slices.attribute)) +
                           (notes.isEmpty() ? QString() : QLatin1Char(' ') + notes.join(QLatin1Char(' '))));
    emit slicesShown();
}

bool RunsView::writeExport(const QString& path, const QByteArray& bytes, const QString& title)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
        emit errorOccurred(title, tr("Could not write %1: %2. Choose a folder you can write to.")
                                      .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    rememberExportLocation(path);
    return true;
}

bool RunsView::writeChartExport(QCustomPlot* chart, const QString& path, const QString& title)
{
    const bool pdf = path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
    if (!(pdf ? chart->savePdf(path) : chart->savePng(path, 0, 0, 2.0))) {
        emit errorOccurred(title, tr("Could not write %1. Choose a folder you can write to.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    rememberExportLocation(path);
    return true;
}

bool RunsView::exportSlicesCsv(const QString& path)
{
    if (m_slices.runs.empty())
        return false;
    if (!writeExport(path, QByteArray::fromStdString(api::storedSlicesCsv(m_slices)), tr("Cannot export the slices")))
        return false;
    emit exported(tr("Saved the slices of %n run(s) to %1.", nullptr, static_cast<int>(m_slices.runs.size()))
                      .arg(QDir::toNativeSeparators(path)));
    return true;
}

bool RunsView::exportSlicesImage(const QString& path)
{
    if (m_slices.runs.empty())
        return false;
    if (!writeChartExport(m_sliceChart, path, tr("Cannot export the slices chart")))
        return false;
    emit exported(tr("Saved the slices chart to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void RunsView::showPredictions()
{
    m_bottomTabs->setCurrentIndex(1);
}

void RunsView::setPredictionsFilter(const QString& text)
{
    m_predictionsFilter->setText(text);
}

void RunsView::keepNote(qint64 predictionId, const QString& note, const QStringList& tags)
{
    if (!m_store)
        return;
    try {
        m_store->setPredictionNote(predictionId, note.toStdString(), tagsJson(tags));
    } catch (const std::exception& e) {
        reportStoreError(tr("Cannot save the note"), e);
        updatePredictions(); // show what the store holds, not the lost edit
        return;
    }
    emit exported(tr("Saved the note on prediction %1.").arg(predictionId));
    updateDetails();
}

void RunsView::updateMetricChoices()
{
    const QString current = m_metric->currentText();
    std::set<QString> names;
    for (qint64 id : selectedRuns())
        if (const RunsModel::Row* row = m_model->rowById(id))
            for (const store::MetricSummary& m : row->metrics)
                names.insert(QString::fromStdString(m.name));
    QSignalBlocker block(m_metric);
    m_metric->clear();
    for (const QString& name : names)
        m_metric->addItem(name);
    int keep = m_metric->findText(current);
    // With nothing chosen yet: the curve runs are compared by (validation score, else the loss),
    // not the alphabetically first (learning_rate).
    for (const char* preferred : {"val_f1", "train_loss"})
        if (keep < 0)
            keep = m_metric->findText(preferred);
    m_metric->setCurrentIndex(keep >= 0 ? keep : (m_metric->count() > 0 ? 0 : -1));
}

void RunsView::setSeedGrouping(bool on)
{
    m_groupSeeds->setChecked(on);
}

void RunsView::setSpread(Spread spread)
{
    m_spread->setCurrentIndex(m_spread->findData(static_cast<int>(spread)));
}

QString RunsView::detailsText() const
{
    return m_details->toPlainText();
}

QList<QList<qint64>> RunsView::seedGroups(const QList<qint64>& runIds) const
{
    std::vector<RunConfigRef> refs;
    for (qint64 id : runIds)
        if (const RunsModel::Row* row = m_model->rowById(id))
            refs.push_back({id, row->run.method, row->run.config});
    if (!m_groupSeeds->isChecked()) {
        QList<QList<qint64>> singles;
        for (const RunConfigRef& r : refs)
            singles.append(QList<qint64>{r.runId});
        return singles;
    }
    return groupBySeed(refs);
}

namespace {
QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QStringLiteral("#%1").arg(id);
    return parts.join(QStringLiteral(", "));
}
} // namespace

void RunsView::updateDetails()
{
    QStringList text;
    for (const QList<qint64>& group : seedGroups(selectedRuns())) {
        if (group.size() < 2)
            continue;
        QStringList seeds;
        std::map<std::string, QVector<double>> finals;
        for (qint64 id : group) {
            const RunsModel::Row* row = m_model->rowById(id);
            const nlohmann::json& c = row->run.config;
            const bool hasTrainSeed = c.is_object() && c.contains("train") && c["train"].is_object()
                                      && c["train"].contains("seed") && c["train"]["seed"].is_number();
            seeds << QString::number(hasTrainSeed ? c["train"]["seed"].get<std::int64_t>() : row->run.seed);
            for (const store::MetricSummary& m : row->metrics)
                finals[m.name].append(m.lastValue);
        }
        text << tr("Seed group %1 (seeds %2): final values, mean ± sample sd").arg(idList(group), seeds.join(QStringLiteral(", ")));
        for (const auto& [name, values] : finals) {
            const MeanSd m = meanSd(values);
            text << tr("  %1: %2 ± %3 (n = %4)").arg(QString::fromStdString(name)).arg(m.mean, 0, 'g', 5)
                        .arg(m.sd, 0, 'g', 3).arg(m.count);
        }
        text << QString();
    }
    const QList<qint64> selected = selectedRuns();
    if (selected.size() == 2) {
        const RunsModel::Row* a = m_model->rowById(selected[0]);
        const RunsModel::Row* b = m_model->rowById(selected[1]);
        if (a && b) {
            const std::vector<api::SettingChange> diff = api::configDiff(a->run.config, b->run.config);
            text << tr("Config diff, run %1 → run %2: %n setting(s) differ", nullptr, static_cast<int>(diff.size()))
                        .arg(selected[0]).arg(selected[1]);
            for (const api::SettingChange& c : diff)
                text << QStringLiteral("  %1: %2 → %3").arg(QString::fromStdString(c.key),
                                                           QString::fromStdString(api::settingText(c.before)),
                                                           QString::fromStdString(api::settingText(c.after)));
            text << QString();
        }
    }
    for (qint64 id : selected) {
        const RunsModel::Row* row = m_model->rowById(id);
        if (!row)
            continue;
        text << tr("Run %1 — %2 (%3, %4)").arg(id).arg(QString::fromStdString(row->run.name),
                                                     QString::fromStdString(row->run.method),
                                                     QString::fromUtf8(store::runStatusName(row->run.status)));
        if (!row->run.error.empty())
            text << tr("Error: %1").arg(QString::fromStdString(row->run.error));
        for (const store::MetricSummary& m : row->metrics)
            text << tr("  %1: %2 points, steps %3–%4, last %5").arg(QString::fromStdString(m.name)).arg(m.points)
                        .arg(m.firstStep).arg(m.lastStep).arg(m.lastValue, 0, 'g', 6);
        if (!row->verdict.isEmpty())
            text << row->verdict;
        // The notes and tags given to its predictions in Compare.
        try {
            for (const store::PredictionRecord& p : m_store->predictions(id)) {
                QStringList tags;
                if (p.tags.is_array())
                    for (const auto& t : p.tags)
                        tags << (t.is_string() ? QString::fromStdString(t.get<std::string>()) : QString::fromStdString(t.dump()));
                if (p.note.empty() && tags.isEmpty())
                    continue;
                text << tr("  Note on user %1: %2").arg(QString::fromStdString(p.userId), QString::fromStdString(p.note)) +
                            (tags.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(tags.join(QStringLiteral(", "))));
            }
        } catch (const std::exception& e) {
            text << tr("  (notes could not be read: %1)").arg(QString::fromUtf8(e.what()));
        }
        text << tr("Config:") << QString::fromStdString(row->run.config.dump(2)) << QString();
    }
    m_details->setPlainText(text.join(QLatin1Char('\n')));
}

void RunsView::updatePlot()
{
    m_plot->clearCurves();
    m_meanGraphs.clear();
    const std::string name = m_metric->currentText().toStdString();
    m_plot->yAxis->setLabel(m_metric->currentText());
    if (!m_store || name.empty()) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QList<QList<qint64>> groups;
    QList<qint64> runs = selectedRuns();
    if (m_baseline) { // the pinned baseline is drawn on its own, dashed
        runs.removeAll(*m_baseline);
        groups.append(QList<qint64>{*m_baseline});
    }
    groups += seedGroups(runs);
    try {
        for (const QList<qint64>& group : groups) {
            if (group.size() > 1) {
                addSeedGroupCurve(group, name);
                continue;
            }
            const qint64 id = group.first();
            const RunsModel::Row* row = m_model->rowById(id);
            if (!row)
                continue;
            QVector<double> steps, values;
            for (const store::MetricPoint& p : m_store->metricPoints(id, name)) {
                steps << static_cast<double>(p.step);
                values << p.value;
            }
            const bool pinned = m_baseline && *m_baseline == id;
            QString label = QStringLiteral("#%1 %2").arg(id).arg(QString::fromStdString(row->run.name));
            if (pinned)
                label += QLatin1Char(' ') + tr("(baseline)");
            const int index = m_plot->addCurve(label, steps, values, pinned ? Qt::DashLine : Qt::SolidLine);
            const Curve wall = wallTime(id);
            m_plot->setTimeKnots(m_plot->graph(index), wall.steps, wall.values);
        }
    } catch (const std::exception& e) {
        reportStoreError(tr("Cannot read the run's curves"), e);
    }
    m_plot->refit();
}

void RunsView::addSeedGroupCurve(const QList<qint64>& group, const std::string& metric)
{
    QList<Curve> curves;
    for (qint64 id : group) {
        Curve curve;
        for (const store::MetricPoint& p : m_store->metricPoints(id, metric)) {
            curve.steps << static_cast<double>(p.step);
            curve.values << p.value;
        }
        curves.append(curve);
    }
    const auto spread = static_cast<Spread>(m_spread->currentData().toInt());
    const MeanCurve mean = meanCurve(curves, spread);
    const RunsModel::Row* first = m_model->rowById(group.first());
    const QString label = tr("%1 %2: mean of %3 seeds, band %4")
                              .arg(idList(group), first ? QString::fromStdString(first->run.name) : QString())
                              .arg(group.size())
                              .arg(spread == Spread::StdDev ? tr("± 1 sd") : tr("min–max"));
    const int index = m_plot->addCurve(label, mean.steps, mean.mean);
    QCPGraph* meanGraph = m_plot->graph(index);
    // The group's wall time at each step: the mean of its runs' times there (runs without one
    // left out).
    QList<Curve> walls;
    for (qint64 id : group)
        if (Curve w = wallTime(id); !w.steps.isEmpty())
            walls.append(w);
    QVector<double> knotSteps, knotSeconds;
    if (!walls.isEmpty())
        for (double step : mean.steps) {
            double sum = 0.0;
            for (const Curve& w : walls)
                sum += CurvePlot::interpolate(w.steps, w.values, step);
            knotSteps << step;
            knotSeconds << sum / walls.size();
        }
    m_meanGraphs.append(meanGraph);
    QColor fill = meanGraph->pen().color();
    fill.setAlpha(50);
    QCPGraph* lower = m_plot->addGraph();
    QCPGraph* upper = m_plot->addGraph();
    for (QCPGraph* band : {lower, upper}) {
        band->setPen(Qt::NoPen);
        band->removeFromLegend();
        band->setLayer(QStringLiteral("background")); // under the mean line
    }
    lower->setData(mean.steps, mean.lower, true);
    upper->setData(mean.steps, mean.upper, true);
    for (QCPGraph* g : {meanGraph, lower, upper})
        m_plot->setTimeKnots(g, knotSteps, knotSeconds);
    upper->setBrush(fill);
    upper->setChannelFillGraph(lower);
}

Curve RunsView::wallTime(qint64 runId) const
{
    Curve wall;
    for (const store::MetricPoint& p : m_store->metricPoints(runId, "wall_time_seconds"))
        if (std::isfinite(p.value)) {
            wall.steps << static_cast<double>(p.step);
            wall.values << p.value;
        }
    return wall;
}

void RunsView::deleteSelected()
{
    const QList<qint64> runs = selectedRuns();
    if (runs.isEmpty() || !m_store)
        return;
    if (QMessageBox::question(this, tr("Delete Runs"),
                              tr("Delete %n run(s) with their curves, predictions and artifact records? "
                                 "This cannot be undone.", nullptr, int(runs.size())))
        != QMessageBox::Yes)
        return;
    try {
        for (qint64 id : runs)
            m_store->deleteRun(id);
    } catch (const std::exception& e) {
        reportStoreError(tr("Cannot delete the run"), e);
    }
    refresh();
}

bool RunsView::exportPlot(const QString& path)
{
    if (!writeChartExport(m_plot, path, tr("Cannot export the plot")))
        return false;
    emit exported(tr("Saved the plot to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool RunsView::exportCsv(const QString& path)
{
    const QList<qint64> runs = selectedRuns();
    if (!m_store || runs.isEmpty())
        return false;
    QByteArray csv = "run_id,step,name,value\n"; // the run id on every row, one run or several
    std::size_t rows = 0;
    try {
        for (qint64 id : runs) {
            const QList<QByteArray> lines = QByteArray::fromStdString(store::exportMetricsCsv(*m_store, id)).split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                if (!lines[i].isEmpty()) {
                    csv += QByteArray::number(id) + ',' + lines[i] + '\n';
                    ++rows;
                }
        }
    } catch (const std::exception& e) {
        reportStoreError(tr("Cannot export the run"), e);
        return false;
    }
    if (!writeExport(path, csv, tr("Cannot export the data")))
        return false;
    emit exported(tr("Saved %n metric point(s) of %1 run(s) to %2.", nullptr, static_cast<int>(rows))
                      .arg(runs.size())
                      .arg(QDir::toNativeSeparators(path)));
    return true;
}

void RunsView::chooseExportPlot()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Plot"), exportLocation(QStringLiteral("curves.png")),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (!path.isEmpty())
        exportPlot(path);
}

void RunsView::chooseExportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Curves as CSV"), exportLocation(QStringLiteral("curves.csv")),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace persona::ui
