// Tests ui/views/runs_view.cpp with ui/itemmodels/runs_model.cpp and ui/charts/curve_plot.cpp on
// a temporary store: runs are listed with their final metrics, the selected runs' curves are
// overlaid with every point, a pinned baseline stays drawn, plot and CSV export write files, and
// an unreadable store reports an error instead of crashing.
#include "core/store/store.h"
#include "ui/charts/curve_plot.h"
#include "ui/itemmodels/column_filter.h"
#include "ui/itemmodels/predictions_model.h"
#include "ui/itemmodels/runs_model.h"
#include "ui/views/personalization_text.h"
#include "ui/views/runs_view.h"

#include <QCheckBox>
#include <QColor>
#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QComboBox>
#include <QLabel>
#include <QTreeView>
#include <QtTest/QtTest>

#include <fstream>
#include <vector>

using persona::ui::RunsModel;
using persona::ui::RunsView;
namespace store = persona::store;

class TestRunsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // exports remember their folder in test settings
        QVERIFY(m_dir.isValid());
        m_storePath = m_dir.filePath("store.sqlite");
        store::Store s(m_storePath.toStdString());
        for (int r = 0; r < 2; ++r) {
            store::NewRun run;
            run.name = r == 0 ? "mlp-frozen" : "perceiver-lora";
            run.method = "persoma";
            run.config = {{"adapter", r == 0 ? "mlp" : "perceiver"}, {"history_size", 10}};
            const std::int64_t id = s.createRun(run);
            m_ids << id;
            std::vector<store::MetricPoint> points;
            for (int step = 0; step <= 40; step += 10) {
                points.push_back({step, "train_loss", 3.0 - step * 0.05 - r * 0.2});
                points.push_back({step, "learning_rate", 1e-3});
                if (step % 20 == 0)
                    points.push_back({step, "val_f1", 0.1 + step * 0.005 + r * 0.05});
            }
            s.addMetricPoints(id, points);
            s.markRunning(id, "cpu");
            s.markFinished(id);
        }
    }

    void listsRunsWithFinalMetrics()
    {
        RunsView view;
        QVERIFY(view.openStore(m_storePath));
        QCOMPARE(view.model()->rowCount(), 2);
        const RunsModel::Row* row = view.model()->rowById(m_ids[1]);
        QVERIFY(row);
        QCOMPARE(QString::fromStdString(row->run.name), QString("perceiver-lora"));
        const QString metrics = RunsModel::metricsText(row->metrics);
        QVERIFY2(metrics.contains("val_f1 0.35"), qPrintable(metrics));
        QVERIFY2(metrics.contains("train_loss 0.8"), qPrintable(metrics));
        bool sawFinished = false;
        for (int r = 0; r < view.model()->rowCount(); ++r)
            sawFinished |= view.model()->index(r, RunsModel::StatusColumn).data().toString() == "finished";
        QVERIFY(sawFinished);
    }

    void overlaysCurvesOfSelectedRuns()
    {
        RunsView view;
        view.show();
        QVERIFY(view.openStore(m_storePath));
        view.selectRuns(m_ids);
        QCOMPARE(view.selectedRuns(), m_ids);
        // The curve shown first is the one runs are compared by, not the first name in the list
        // (learning_rate).
        QCOMPARE(view.metric(), QString("val_f1"));
        view.selectRuns({m_ids[0]});
        QCOMPARE(view.metric(), QString("val_f1")); // a choice the user could keep is kept
        view.selectRuns(m_ids);
        view.setMetric("train_loss");
        QCOMPARE(view.metric(), QString("train_loss"));
        QCOMPARE(view.plot()->curveCount(), 2);
        QCOMPARE(view.plot()->pointCount(0), 5);
        QCOMPARE(view.plot()->pointCount(1), 5);
        view.setMetric("val_f1");
        QCOMPARE(view.plot()->pointCount(0), 3);
        QCOMPARE(view.plot()->graph(1)->data()->at(2)->value, 0.1 + 40 * 0.005 + 0.05);

        // A single run: one curve.
        view.selectRuns({m_ids[0]});
        QCOMPARE(view.plot()->curveCount(), 1);
    }

    // Each run's personalization in plain words: in the details and as the row's tooltip, and a
    // run that answers nearly everyone alike in the warning colour.
    void personalizationVerdictInPlainWords()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("verdicts.sqlite");
        std::int64_t alike = 0, personal = 0;
        {
            store::Store s(path.toStdString());
            for (int r = 0; r < 2; ++r) {
                store::NewRun run;
                run.name = r == 0 ? "alike" : "personal";
                run.method = "persoma";
                const std::int64_t id = s.createRun(run);
                (r == 0 ? alike : personal) = id;
                const double distinct = r == 0 ? 3 : 70, f1 = r == 0 ? 0.15 : 0.24, cross = r == 0 ? 0.149 : 0.16;
                s.addMetricPoints(id, std::vector<store::MetricPoint>{{150, "test_users", 61}, {150, "test_distinct_outputs", distinct},
                                                                        {150, "test_f1", f1}, {150, "test_cross_user_f1", cross},
                                                                        {150, "test_loss", 0.7}, {150, "test_swapped_history_loss", 0.8}});
                s.markRunning(id, "cpu");
                s.markFinished(id);
            }
        }
        RunsView view;
        QVERIFY(view.openStore(path));
        const RunsModel::Row* a = view.model()->rowById(alike);
        const RunsModel::Row* p = view.model()->rowById(personal);
        QVERIFY(a && p);
        QVERIFY2(a->warn && a->verdict.contains("barely personalizes: 3 different answers for 61 users"), qPrintable(a->verdict));
        QVERIFY2(!p->warn && p->verdict.startsWith("It personalizes"), qPrintable(p->verdict));
        int rowAlike = -1;
        for (int r = 0; r < view.model()->rowCount(); ++r)
            if (view.model()->data(view.model()->index(r, RunsModel::IdColumn), RunsModel::RunIdRole).toLongLong() == alike)
                rowAlike = r;
        QVERIFY(rowAlike >= 0);
        const QModelIndex name = view.model()->index(rowAlike, RunsModel::NameColumn);
        QCOMPARE(view.model()->data(name, Qt::ForegroundRole).value<QColor>(), QColor(persona::ui::kWarningColor));
        QCOMPARE(view.model()->data(name, Qt::ToolTipRole).toString(), a->verdict);
        view.selectRuns({alike});
        QVERIFY(view.findChild<QPlainTextEdit*>()->toPlainText().contains(a->verdict));
        // Notes and tags given in Compare show in the details.
        {
            store::Store s(path.toStdString());
            store::PredictionRecord pr;
            pr.userId = "63";
            pr.output = "Drama";
            s.setPredictionNote(s.addPrediction(alike, pr), "always Drama", nlohmann::json::array({"collapse"}));
        }
        view.refresh();
        view.selectRuns({alike});
        const QString details = view.findChild<QPlainTextEdit*>()->toPlainText();
        QVERIFY2(details.contains("Note on user 63: always Drama [collapse]"), qPrintable(details));
    }

    // Scalar tools: smoothing (an EMA over the raw points, which stay), hover read-out, log scale;
    // the controls in the view drive the plot.
    void smoothingReadoutAndLogScale()
    {
        RunsView view;
        view.show();
        QVERIFY(view.openStore(m_storePath));
        view.selectRuns({m_ids[0]});
        view.setMetric("train_loss");
        persona::ui::CurvePlot* plot = view.plot();
        QCOMPARE(plot->curveCount(), 1);
        auto* slider = view.findChild<QSlider*>("smoothingSlider");
        QVERIFY(slider);
        slider->setValue(60);
        QCOMPARE(plot->smoothing(), 0.6);
        // The raw points are all still there; the smoothed line is the EMA of them.
        QCOMPARE(plot->pointCount(0), 5);
        const QVector<double> smooth = plot->smoothedValues(0);
        QCOMPARE(smooth.size(), 5);
        double ema = 0.0;
        for (int i = 0; i < 5; ++i) {
            const double raw = plot->graph(0)->data()->at(i)->value;
            ema = i == 0 ? raw : 0.6 * ema + 0.4 * raw;
            QVERIFY(std::abs(smooth[i] - ema) < 1e-12);
        }
        // A new selection redraws the curves smoothed with the same setting.
        view.selectRuns(m_ids);
        QCOMPARE(plot->smoothedValues(1).size(), 5);
        slider->setValue(0);
        QVERIFY(plot->smoothedValues(0).isEmpty());
        // Hover read-out: each curve's point nearest to the step.
        const QString text = plot->readout(19.0);
        QVERIFY2(text.contains("(step 20)") && text.split('\n').size() == 2, qPrintable(text));
        auto* log = view.findChild<QCheckBox*>("logScaleBox");
        QVERIFY(log);
        log->setChecked(true);
        QVERIFY(plot->logScale());
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    }

    void exportsPlotAndCsv()
    {
        RunsView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(view.openStore(m_storePath));
        view.selectRuns(m_ids);
        const QString png = m_dir.filePath("curves.png");
        const QString pdf = m_dir.filePath("curves.pdf");
        const QString csv = m_dir.filePath("curves.csv");
        QVERIFY(view.exportPlot(png));
        QVERIFY(view.exportPlot(pdf));
        QVERIFY(QFileInfo(png).size() > 1000);
        QVERIFY(QFileInfo(pdf).size() > 500);
        QVERIFY(view.exportCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("run_id,step,name,value"));
        QCOMPARE(lines.size(), 1 + 2 * (5 + 5 + 3));
        // One run alone: the same columns, its id on every row.
        view.selectRuns({m_ids[1]});
        QVERIFY(view.exportCsv(csv));
        QFile one(csv);
        QVERIFY(one.open(QIODevice::ReadOnly));
        const QList<QByteArray> oneLines = one.readAll().trimmed().split('\n');
        QCOMPARE(oneLines.first(), QByteArray("run_id,step,name,value"));
        QCOMPARE(oneLines.size(), 1 + 5 + 5 + 3);
        for (qsizetype i = 1; i < oneLines.size(); ++i)
            QVERIFY(oneLines[i].startsWith(QByteArray::number(m_ids[1]) + ','));
    }

    // The runs table (issue 33): a column per setting that differs and per metric, numbers sorted
    // as numbers, filter words (text, setting=value, metric>x), groups by seeds or by a setting with
    // mean ± sd, a selected group standing for its runs, and two runs' configs as a diff.
    void runsTableColumnsSortFilterGroupAndDiff()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("table.sqlite");
        std::ifstream in(std::string(PERSONA_TEST_DATA) + "/configs/preset-teaching.json");
        const nlohmann::json base = nlohmann::json::parse(in);
        struct Spec { int history; const char* sampling; int seed; double f1; };
        const Spec specs[] = {{10, "recency", 0, 0.222}, {10, "recency", 1, 0.262}, {10, "random", 0, 0.240},
                              {50, "recency", 0, 0.356}, {10, "recency", 2, 0.233}};
        QList<qint64> ids;
        {
            store::Store s(path.toStdString());
            for (const Spec& spec : specs) {
                nlohmann::json c = base;
                c["data"]["historySize"] = spec.history;
                c["data"]["sampling"] = spec.sampling;
                c["train"]["seed"] = spec.seed;
                c["outputDir"] = "runs/r" + std::to_string(ids.size());
                store::NewRun run;
                run.name = "teaching";
                run.method = "persoma";
                run.config = c;
                const std::int64_t id = s.createRun(run);
                ids << id;
                s.addMetricPoints(id, std::vector<store::MetricPoint>{{150, "test_f1", spec.f1}, {150, "train_loss", 0.7}});
                s.markRunning(id, "cpu");
                s.markFinished(id);
            }
        }
        RunsView view;
        QVERIFY(view.openStore(path));
        RunsModel* m = view.model();
        const std::vector<std::string> settings{"data.historySize", "data.sampling", "train.seed"};
        QCOMPARE(m->settingColumns(), settings); // outputDir differs too, but names a run
        QCOMPARE(m->metricColumns(), (std::vector<std::string>{"test_f1", "train_loss"}));
        const int f1 = m->metricColumn("test_f1"), history = m->settingColumn("data.historySize");
        QVERIFY(f1 > history && history >= RunsModel::FixedColumnCount);
        QCOMPARE(m->headerData(history, Qt::Horizontal).toString(), QString("data.historySize"));
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, 0).data(RunsModel::RunIdRole).toLongLong() == ids[3]) {
                QCOMPARE(m->index(r, f1).data().toString(), QString("0.356"));
                QCOMPARE(m->index(r, history).data().toString(), QString("50"));
            }

        // Sorted by the final F1, best first: numbers, not text.
        view.sortByColumn(f1, Qt::DescendingOrder);
        QCOMPARE(view.visibleRuns(), (QList<qint64>{ids[3], ids[1], ids[2], ids[4], ids[0]}));

        view.setFilterText("historySize=50");
        QCOMPARE(view.visibleRuns(), QList<qint64>{ids[3]});
        view.setFilterText("test_f1>0.235 recency");
        QCOMPARE(view.visibleRuns(), (QList<qint64>{ids[3], ids[1]}));
        view.setFilterText("RANDOM");
        QCOMPARE(view.visibleRuns(), QList<qint64>{ids[2]});
        view.setFilterText("histroySize=50"); // a typo names no column: said, not a silent empty table
        QVERIFY(view.visibleRuns().isEmpty());
        QCOMPARE(view.proxy()->unknownColumns(), QStringList{"histroySize"});
        auto* note = view.findChild<QLabel*>(QString(), Qt::FindChildrenRecursively);
        bool noted = false;
        for (QLabel* label : view.findChildren<QLabel*>())
            noted |= label->text().contains("No column is called histroySize");
        QVERIFY(note && noted);
        view.setFilterText("");
        QCOMPARE(view.visibleRuns().size(), 5);

        // Seed groups: the three recency history-10 runs are one group, the others alone.
        view.setGrouping(RunsModel::kGroupBySeeds);
        QVERIFY(m->isGrouped());
        QCOMPARE(m->rowCount(), 3);
        int seedGroup = -1;
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->rowCount(m->index(r, 0)) == 3)
                seedGroup = r;
        QVERIFY(seedGroup >= 0);
        const QModelIndex group = m->index(seedGroup, 0);
        QVERIFY2(m->index(seedGroup, RunsModel::NameColumn).data().toString().contains("seeds 0, 1, 2"),
                 qPrintable(m->index(seedGroup, RunsModel::NameColumn).data().toString()));
        // mean and sample sd of 0.222, 0.262, 0.233: 0.239 ± 0.021
        QCOMPARE(m->index(seedGroup, f1).data().toString(), QString("0.239 ± 0.021"));
        QCOMPARE(m->index(seedGroup, history).data().toString(), QString("10")); // the members agree
        QVERIFY(m->index(seedGroup, m->settingColumn("train.seed")).data().toString().isEmpty()); // they do not
        QCOMPARE(m->runIdsAt(group), (QList<qint64>{ids[0], ids[1], ids[4]}));
        // Selecting the group row selects its runs (and plots them as one seed group).
        const QModelIndex proxyGroup = view.proxy()->mapFromSource(group);
        view.table()->selectionModel()->select(proxyGroup, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(view.selectedRuns(), (QList<qint64>{ids[0], ids[1], ids[4]}));
        // Filtering inside groups keeps a group for its matching runs only.
        view.setFilterText("test_f1>0.25");
        QCOMPARE(view.visibleRuns(), (QList<qint64>{ids[3], ids[1]}));
        view.setFilterText("");

        view.setGrouping("data.historySize");
        QCOMPARE(m->rowCount(), 2);
        view.setGrouping(RunsModel::kNoGrouping);
        QVERIFY(!m->isGrouped());
        QCOMPARE(m->rowCount(), 5);

        // Two runs selected: their configs as a diff above the details.
        view.selectRuns({ids[0], ids[2]});
        const QString details = view.detailsText();
        QVERIFY2(details.contains(QString("Config diff, run %1 → run %2: 2 setting(s) differ").arg(ids[0]).arg(ids[2])),
                 qPrintable(details));
        QVERIFY2(details.contains("  data.sampling: recency → random"), qPrintable(details));
        QVERIFY2(details.contains("  outputDir: runs/r0 → runs/r2"), qPrintable(details));
    }

    // The predictions browser (issue 33): the one selected run's test predictions with answer,
    // truth and F1, sorted and filtered like the runs table, notes and tags typed there kept in
    // the store; several runs selected: it says to pick one.
    void predictionsBrowserShowsSortsFiltersAndKeepsNotes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("predictions.sqlite");
        std::int64_t id = 0, other = 0;
        {
            store::Store s(path.toStdString());
            store::NewRun run;
            run.name = "teaching";
            run.method = "persoma";
            id = s.createRun(run);
            other = s.createRun(run);
            struct P { const char* user; const char* liked; const char* truth; double f1; };
            for (const P& p : {P{"10", "Drama", "Drama", 1.0}, P{"2", "Comedy", "Drama", 0.0}, P{"7", "Drama", "Comedy", 0.0},
                               P{"33", "Comedy", "Comedy", 0.5}}) {
                store::PredictionRecord r;
                r.userId = p.user;
                r.output = std::string("Liked Genres: ") + p.liked + ". Not Liked Genres: Horror";
                r.genres = {{"liked", {p.liked}}, {"disliked", {"Horror"}}};
                r.metrics = {{"f1", p.f1}, {"truth", {{"liked", {p.truth}}, {"disliked", nlohmann::json::array()}}}};
                r.inputTokens = 65;
                s.addPrediction(id, r);
            }
        }
        RunsView view;
        QVERIFY(view.openStore(path));
        view.selectRuns({id});
        persona::ui::PredictionsModel* m = view.predictionsModel();
        QCOMPARE(m->rowCount(), 4);
        persona::ui::ColumnFilterProxy* proxy = view.predictionsProxy();
        using PM = persona::ui::PredictionsModel;
        // Users in numeric order (2, 7, 10, 33), not as text.
        QCOMPARE(proxy->index(0, PM::UserColumn).data().toString(), QString("2"));
        QCOMPARE(proxy->index(3, PM::UserColumn).data().toString(), QString("33"));
        QCOMPARE(proxy->index(0, PM::AnswerColumn).data().toString(), QString("liked: Comedy · not liked: Horror"));
        QCOMPARE(proxy->index(0, PM::TruthColumn).data().toString(), QString("liked: Drama · not liked: —"));
        QCOMPARE(proxy->index(0, PM::F1Column).data().toString(), QString("0.000"));
        QVERIFY2(view.predictionsSummary().contains("4 prediction(s), the users' F1 averaging 0.375, 2 different answer(s)"),
                 qPrintable(view.predictionsSummary()));
        view.predictionsTable()->sortByColumn(PM::F1Column, Qt::DescendingOrder);
        QCOMPARE(proxy->index(0, PM::UserColumn).data().toString(), QString("10"));
        QCOMPARE(proxy->index(1, PM::UserColumn).data().toString(), QString("33"));
        view.setPredictionsFilter("F1<0.2 comedy");
        QCOMPARE(proxy->rowCount(), 2); // users 2 (answered Comedy) and 7 (truth Comedy)
        QVERIFY2(view.predictionsSummary().contains("2 of 4 prediction(s) match the filter"), qPrintable(view.predictionsSummary()));
        view.setPredictionsFilter("");

        // A note and tags typed in the browser are in the store afterwards, and in the details.
        QSignalSpy saved(&view, &RunsView::exported);
        int row7 = -1;
        for (int r = 0; r < proxy->rowCount(); ++r)
            if (proxy->index(r, PM::UserColumn).data().toString() == "7")
                row7 = r;
        QVERIFY(proxy->setData(proxy->index(row7, PM::NoteColumn), "truth is Comedy, answer Drama"));
        QVERIFY(proxy->setData(proxy->index(row7, PM::TagsColumn), " check ,odd,, "));
        QCOMPARE(saved.count(), 2);
        {
            store::Store s(path.toStdString());
            bool found = false;
            for (const store::PredictionRecord& p : s.predictions(id))
                if (p.userId == "7") {
                    found = true;
                    QCOMPARE(QString::fromStdString(p.note), QString("truth is Comedy, answer Drama"));
                    QCOMPARE(p.tags, nlohmann::json::array({"check", "odd"}));
                }
            QVERIFY(found);
        }
        QVERIFY2(view.detailsText().contains("Note on user 7: truth is Comedy, answer Drama [check, odd]"),
                 qPrintable(view.detailsText()));
        view.setPredictionsFilter("Tags=check, odd");
        QCOMPARE(proxy->rowCount(), 0); // a filter word has no spaces: "check," and "odd" are two words
        view.setPredictionsFilter("check");
        QCOMPARE(proxy->rowCount(), 1);

        // A run without predictions says where they come from; two runs: pick one.
        view.selectRuns({other});
        QCOMPARE(m->rowCount(), 0);
        QVERIFY2(view.predictionsSummary().contains("has no predictions"), qPrintable(view.predictionsSummary()));
        view.selectRuns({id, other});
        QCOMPARE(m->rowCount(), 0);
    }

    // The wall-time axis: a run's points at the seconds it had trained by their step (its
    // wall_time_seconds curve, interpolated between steps); a run recorded without one is left
    // out while the axis is wall time, and back at its steps afterwards.
    void wallTimeAxis()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("wall.sqlite");
        std::int64_t timed = 0, untimed = 0;
        {
            store::Store s(path.toStdString());
            for (int r = 0; r < 2; ++r) {
                store::NewRun run;
                run.name = r == 0 ? "timed" : "old";
                run.method = "persoma";
                run.config = {{"r", r}};
                const std::int64_t id = s.createRun(run);
                (r == 0 ? timed : untimed) = id;
                std::vector<store::MetricPoint> points;
                for (int step = 1; step <= 4; ++step) {
                    points.push_back({step, "train_loss", 3.0 - step * 0.5});
                    if (r == 0)
                        points.push_back({step, "wall_time_seconds", 10.0 * step * step}); // slower and slower: 10, 40, 90, 160 s
                }
                points.push_back({3, "val_f1", 0.2}); // between knots only by step: at 90 s
                s.addMetricPoints(id, points);
            }
        }
        RunsView view;
        view.show();
        QVERIFY(view.openStore(path));
        view.setGrouping(RunsModel::kNoGrouping);
        view.setSeedGrouping(false);
        view.selectRuns({timed, untimed});
        view.setMetric("train_loss");
        persona::ui::CurvePlot* plot = view.plot();
        QCOMPARE(plot->curveCount(), 2);
        auto keys = [&](int g) {
            QVector<double> k;
            for (auto it = plot->graph(g)->data()->constBegin(); it != plot->graph(g)->data()->constEnd(); ++it)
                k << it->key;
            return k;
        };
        const int timedGraph = plot->graph(0)->name().contains("timed") ? 0 : 1;
        auto* axis = view.findChild<QComboBox*>("xAxisBox");
        QVERIFY(axis);
        axis->setCurrentIndex(axis->findData(static_cast<int>(persona::ui::XAxisMode::WallTime)));
        QCOMPARE(plot->xAxisMode(), persona::ui::XAxisMode::WallTime);
        QCOMPARE(keys(timedGraph), (QVector<double>{10, 40, 90, 160}));
        QCOMPARE(plot->pointCount(1 - timedGraph), 0); // no wall time recorded: not drawn on this axis
        QVERIFY2(plot->readout(45).contains("(at 40.0 s)"), qPrintable(plot->readout(45)));
        QCOMPARE(plot->xAxis->label(), QString("Wall time (s of training)"));
        QCOMPARE(persona::ui::CurvePlot::interpolate({1, 2}, {10, 40}, 1.5), 25.0);
        // A new metric while on wall time is drawn at its seconds too.
        view.setMetric("val_f1");
        QCOMPARE(keys(plot->graph(0)->name().contains("timed") ? 0 : 1), QVector<double>{90});
        view.setMetric("train_loss");
        axis->setCurrentIndex(axis->findData(static_cast<int>(persona::ui::XAxisMode::Step)));
        QCOMPARE(keys(timedGraph), (QVector<double>{1, 2, 3, 4}));
        QCOMPARE(plot->pointCount(1 - timedGraph), 4);
        QCOMPARE(plot->xAxis->label(), QString("Step"));
    }

    void unreadableStoreReportsError()
    {
        const QString bogus = m_dir.filePath("bogus.sqlite");
        {
            QFile file(bogus);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'x'));
        }
        RunsView view;
        QSignalSpy errors(&view, &RunsView::errorOccurred);
        QVERIFY(!view.openStore(bogus));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().at(1).toString().contains("bogus.sqlite"), qPrintable(errors.first().at(1).toString()));
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(!view.refresh()); // still unreadable, still no crash
        // A good store opens afterwards in the same view.
        QVERIFY(view.openStore(m_storePath));
        QCOMPARE(view.model()->rowCount(), 2);
    }

private:
    QTemporaryDir m_dir;
    QString m_storePath;
    QList<qint64> m_ids;
};

QTEST_MAIN(TestRunsView)
#include "test_runs_view.moc"
