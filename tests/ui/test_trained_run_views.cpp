// The Inspect and Compare views over a real tiny PERSOMA run (tests/core/tiny_run_folder.h) listed
// in a store: the neighbour table fills one row per soft token, checkpoints and the Perceiver
// attention show; Compare's Run All gives TrainedRun::predict's text and saves a note to the
// store; Next Disagreement selects a later user where the runs' parsed genres differ, or says none.
// LibTorch (through tiny_run_folder.h) comes before any Qt header: its `slots` member.
#include "tests/core/tiny_run_folder.h"

#include "core/api/report.h"
#include "core/api/stored_slices.h"
#include "core/api/training.h"
#include "core/api/trained_run.h"
#include "core/store/store.h"
#include "ui/charts/heatmap_plot.h"
#include "ui/charts/item_effect_plot.h"
#include "ui/charts/slice_chart.h"
#include "ui/itemmodels/history_model.h"
#include "ui/views/compare_column.h"
#include "ui/views/compare_view.h"
#include "ui/views/data_view.h"
#include "ui/views/error_browser_bar.h"
#include "ui/views/explain_panel.h"
#include "ui/views/inspect_view.h"
#include "ui/views/runs_view.h"
#include "ui/itemmodels/predictions_model.h"
#include "ui/itemmodels/column_filter.h"
#include "ui/views/users_view.h"
#include "ui/workers/trained_run_worker.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace persona;
using persona::ui::CompareView;

class TestTrainedRunViews : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_runDir, m_store;
    qint64 m_runId = 0;
    QString m_user; // the first test user

    // A finished PERSOMA run in the store with this config (its run folder in config.outputDir).
    static qint64 addFinishedRun(store::Store& s, const std::string& name, const nlohmann::json& config)
    {
        store::NewRun nr;
        nr.name = name;
        nr.method = "persoma";
        nr.config = config;
        const qint64 id = s.createRun(nr);
        s.markRunning(id);
        s.markFinished(id);
        return id;
    }

    // As MainWindow wires them: a new user's sample (samplingChanged) and then the user
    // (userChanged) both update Compare.
    void wire(ui::DataView& data, CompareView& compare)
    {
        const auto update = [&] { compare.setContext(data.dataset(), data.selectedUser(), data.keptPositions(), data.strategy()); };
        connect(&data, &ui::DataView::samplingChanged, &compare, update);
        connect(&data, &ui::DataView::userChanged, &compare, update);
        connect(&compare, &CompareView::userRequested, &data, &ui::DataView::selectUser);
        connect(&compare, &CompareView::itemEffectsShown, &data, &ui::DataView::showItemEffects);
    }

    // The tiny dataset, or a copy of it at `path`, loaded with every item kept.
    void loadData(ui::DataView& data, const QString& path = {})
    {
        QSignalSpy loaded(&data, &ui::DataView::datasetLoaded);
        data.setMinItemRatings(0);
        data.openDataset(path.isEmpty() ? QString::fromStdString(testing::tinyTrainPath("dataset")) : path);
        QVERIFY(loaded.wait(20000));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_runDir = m_tmp.filePath(QStringLiteral("run"));
        testing::makeTinyPersomaRun(m_runDir.toStdString());
        m_store = m_tmp.filePath(QStringLiteral("store.sqlite"));
        store::Store s(m_store.toStdString());
        m_runId = addFinishedRun(s, "tiny", testing::tinyRunConfig(m_runDir.toStdString()));
        m_user = QString::fromStdString(api::TrainedRun::open(m_runDir.toStdString())->userKeys("test").front());
    }

    void inspectFillsTableAndCheckpoints()
    {
        ui::InspectView view;
        QSignalSpy done(&view, &ui::InspectView::inspectionFinished);
        view.setStorePath(m_store);
        QCOMPARE(view.runChooser()->count(), 1);
        // Hidden (another tab open), it computes nothing and says when it will.
        view.setUser(m_user);
        QVERIFY(!done.wait(500));
        QVERIFY2(view.titleText().contains("computed when this view is opened"), qPrintable(view.titleText()));
        view.show();
        QVERIFY(done.wait(30000));
        QVERIFY2(done.last().at(0).toBool(), qPrintable(view.titleText()));
        QCOMPARE(view.table()->rowCount(), 6 + 2 + 4); // latents + summary + task tokens
        QCOMPARE(view.heatmap()->rows(), 6 + 2 + 4); // every soft token
        QCOMPARE(view.heatmap()->columns(), 10); // top 10
        QCOMPARE(view.attentionPlot()->rows(), 6);    // latents
        QCOMPARE(view.attentionPlot()->columns(), 4); // history items
        QCOMPARE(view.checkpointChooser()->count(), 2); // final, step 0
        QVERIFY(view.titleText().contains(m_user));
        // The near-a-word share counts the user's tokens; the task tokens (which start at the
        // instruction's words) are said apart.
        QVERIFY2(view.titleText().contains("of the 8 user tokens are near a real word"), qPrintable(view.titleText()));
        QVERIFY2(view.titleText().contains("The 4 task tokens start at the instruction's words"), qPrintable(view.titleText()));
        // User tokens sit at the vocabulary's norm in every state; the task tokens' norms move.
        const int lastRow = view.table()->rowCount() - 1;
        const QString finalNorm = view.table()->item(lastRow, 2)->text();

        view.checkpointChooser()->setCurrentIndex(1);
        emit view.checkpointChooser()->activated(1);
        QVERIFY(done.wait(30000));
        QVERIFY(view.titleText().contains(QStringLiteral("step 0")));
        QCOMPARE(view.table()->rowCount(), 6 + 2 + 4);
        QVERIFY(view.table()->item(lastRow, 2)->text() != finalNorm);

        QSignalSpy errors(&view, &ui::InspectView::errorOccurred);
        QVERIFY(!view.addRunFolder(m_tmp.filePath(QStringLiteral("nothing-here"))));
        QCOMPARE(errors.count(), 1);
    }

    void compareRunAllAndNote()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        QVERIFY(compare.column(CompareView::Persoma)->runChooser()->currentData().value<ui::RunChoice>().isValid());
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        auto* column = compare.column(CompareView::Persoma);
        QVERIFY(column->hasResult());
        const auto expected = api::TrainedRun::open(m_runDir.toStdString())->predict(m_user.toStdString());
        QCOMPARE(column->outputText(), QString::fromStdString(expected.output));
        QVERIFY(column->metricsText().contains(QString::number(expected.inputTokens)));
        QVERIFY(column->predictionId() > 0);
        QVERIFY2(column->notice().isEmpty(), qPrintable(column->notice())); // trained on the loaded dataset

        column->noteField()->setText(QStringLiteral("looks generic"));
        column->tagsField()->setText(QStringLiteral("generic, check later"));
        column->saveNoteButton()->click();
        store::Store s(m_store.toStdString());
        const auto predictions = s.predictions(m_runId);
        QVERIFY(!predictions.empty());
        QCOMPARE(predictions.back().id, column->predictionId());
        QCOMPARE(predictions.back().userId, m_user.toStdString());
        QCOMPARE(predictions.back().note, std::string("looks generic"));
        QVERIFY2(predictions.back().tags == nlohmann::json::array({"generic", "check later"}), predictions.back().tags.dump().c_str());
    }

    // Explain Items in a Compare column: one bar per shown item with the deltas of
    // TrainedRun::explain, a summary, and an export the CSV writer wrote; a new user clears it.
    void compareExplainsItems()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        auto* column = compare.column(CompareView::Persoma);
        QVERIFY(!column->explainButton()->isEnabled()); // nothing to explain before an answer
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        QVERIFY(column->explainButton()->isEnabled());
        column->explainButton()->click();
        ui::ExplainPanel* panel = compare.explainPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasExplanation(), 60000);
        QVERIFY(panel->isVisibleTo(&compare));
        const api::ExplainView expected = api::TrainedRun::open(m_runDir.toStdString())->explain(m_user.toStdString());
        QCOMPARE(panel->effectPlot()->rows(), int(expected.items.size()));
        for (int i = 0; i < panel->effectPlot()->rows(); ++i) {
            QVERIFY(qAbs(panel->effectPlot()->answerDelta(i) - expected.items[std::size_t(i)].answerDelta) < 1e-4);
            QVERIFY(qAbs(panel->effectPlot()->truthDelta(i) - expected.items[std::size_t(i)].truthDelta) < 1e-4);
            QVERIFY(panel->effectPlot()->rowLabels()[i].contains(QString::fromStdString(expected.items[std::size_t(i)].title)));
            // The Perceiver's attention share beside leave-one-out (the tiny run's adapter).
            QVERIFY(qAbs(panel->effectPlot()->attention(i) - expected.items[std::size_t(i)].attention) < 1e-6);
        }
        QVERIFY(panel->effectPlot()->showsAttention());
        QVERIFY2(panel->summary().contains(QString::number(expected.items.size())), qPrintable(panel->summary()));
        // The Data view's history shows the same effects beside the items the run was shown, nothing elsewhere.
        const ui::HistoryModel& history = *data.historyModel();
        int withEffect = 0;
        for (int r = 0; r < history.rowCount(); ++r) {
            const QVariant e = history.index(r, ui::HistoryModel::EffectColumn).data(ui::HistoryModel::EffectRole);
            const auto item = std::find_if(expected.items.begin(), expected.items.end(),
                                           [r](const api::ItemEffectView& x) { return x.position == r; });
            QCOMPARE(e.isValid(), item != expected.items.end());
            if (e.isValid()) {
                ++withEffect;
                QVERIFY(qAbs(e.toDouble() - item->answerDelta) < 1e-4);
            }
        }
        QCOMPARE(withEffect, int(expected.items.size()));
        QVERIFY(history.headerData(ui::HistoryModel::EffectColumn, Qt::Horizontal).toString().contains(QStringLiteral("PERSOMA")));
        QVERIFY(panel->title().contains(QStringLiteral("PERSOMA")) && panel->title().contains(m_user));
        const QString csv = m_tmp.filePath(QStringLiteral("attribution.csv"));
        QString error;
        QVERIFY2(panel->exportExplanation(csv, &error), qPrintable(error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), qsizetype(expected.items.size() + 1));
        QVERIFY(!panel->exportExplanation(m_tmp.filePath(QStringLiteral("no/such/folder/a.json")), &error));
        QVERIFY(error.contains(QStringLiteral("no/such/folder")));

        const auto keys = api::TrainedRun::open(m_runDir.toStdString())->userKeys("test");
        QVERIFY(data.selectUser(QString::fromStdString(keys.back() == m_user.toStdString() ? keys.front() : keys.back())));
        QVERIFY(!panel->hasExplanation()); // the attribution belonged to the other user's answer
        QVERIFY(!panel->isVisibleTo(&compare));
        for (int r = 0; r < history.rowCount(); ++r) // the new user's history has no effects yet
            QVERIFY(!history.index(r, ui::HistoryModel::EffectColumn).data(ui::HistoryModel::EffectRole).isValid());
    }

    // Export Report: the user's report across the chosen runs, as the core writes it (every
    // history title, exactly the shown items marked, the attribution rows), and a PDF of it.
    // Attribution started from the Data view (issue 35): Explain Items runs it with the run chosen
    // in Compare, without an answer asked first, and the history's Effect column gets
    // TrainedRun::explain's deltas; with no run chosen, nothing starts.
    void dataViewStartsAttribution()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        connect(&data, &ui::DataView::explainRequested, &compare, [&] { compare.explainForData(); });
        compare.setStorePath(m_store);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        QVERIFY(!compare.column(CompareView::Persoma)->hasResult()); // no answer asked for
        QSignalSpy explained(&compare, &CompareView::explanationShown);
        data.findChild<QPushButton*>("explainItemsButton")->click();
        QVERIFY(explained.wait(60000));
        const api::ExplainView expected = api::TrainedRun::open(m_runDir.toStdString())->explain(m_user.toStdString());
        const ui::HistoryModel& history = *data.historyModel();
        int withEffect = 0;
        for (const api::ItemEffectView& item : expected.items) {
            const QVariant e = history.index(item.position, ui::HistoryModel::EffectColumn).data(ui::HistoryModel::EffectRole);
            QVERIFY(e.isValid());
            QVERIFY(qAbs(e.toDouble() - item.answerDelta) < 1e-4);
            ++withEffect;
        }
        QCOMPARE(withEffect, int(expected.items.size()));

        CompareView empty; // no store: no run in any column
        QVERIFY(!empty.explainForData());
    }

    void compareExportsReport()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        QSignalSpy written(&compare, &CompareView::reportWritten);
        QSignalSpy errors(&compare, &CompareView::errorOccurred);
        const QString html = m_tmp.filePath(QStringLiteral("report.html"));
        compare.exportReport(html);
        QVERIFY(compare.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(written.count() == 1 || errors.count() > 0, 90000);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(written.first().first().toString(), html);
        QFile f(html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        auto run = api::TrainedRun::open(m_runDir.toStdString());
        for (const api::HistoryItemView& h : run->history(m_user.toStdString()))
            QVERIFY2(text.contains(QString::fromStdString(api::htmlEscape(h.title))), h.title.c_str());
        const api::ExplainView expected = run->explain(m_user.toStdString(), 0, false);
        QCOMPARE(text.count(QStringLiteral("<tr class=\"shown\">")), int(expected.items.size()));
        for (const api::ItemEffectView& x : expected.items)
            QVERIFY2(text.contains(QString::asprintf("%+.2f", x.answerDelta)), x.title.c_str());
        QVERIFY(text.contains(QString::fromStdString(api::htmlEscape(expected.full.method))));

        const QString pdf = m_tmp.filePath(QStringLiteral("report.pdf"));
        compare.exportReport(pdf);
        QTRY_VERIFY_WITH_TIMEOUT(written.count() == 2 || errors.count() > 0, 90000);
        QCOMPARE(errors.count(), 0);
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        const QByteArray bytes = p.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.size() > 2000);

        // A folder that does not exist: an error naming it, no file.
        compare.exportReport(m_tmp.filePath(QStringLiteral("no/such/folder/r.html")));
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() == 1, 90000);
        QVERIFY(errors.first().at(1).toString().contains(QStringLiteral("no/such/folder")));
    }

    // The error browser: the run's stored test predictions lowest F1 first; Next selects each
    // user in turn in the Data view (and so in Compare); a tag and a slice narrow the order.
    void compareBrowsesErrors()
    {
        const QString storePath = m_tmp.filePath(QStringLiteral("errors.sqlite"));
        const auto keys = api::TrainedRun::open(m_runDir.toStdString())->userKeys("test");
        QVERIFY(keys.size() >= 3);
        {
            store::Store s(storePath.toStdString());
            const auto id = addFinishedRun(s, "tiny", testing::tinyRunConfig(m_runDir.toStdString()));
            for (std::size_t i = 0; i < keys.size(); ++i) {
                store::PredictionRecord p;
                p.userId = keys[i];
                p.output = "answer " + keys[i];
                p.metrics = {{"f1", 0.9 - 0.1 * double(i % 7) - 0.001 * double(i)}};
                if (i == 1)
                    p.tags = nlohmann::json::array({"odd"});
                s.addPrediction(id, p);
            }
        }
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(storePath);
        loadData(data);
        const auto selectedKey = [&data] {
            return data.selectedUser() < 0 ? QString()
                                           : QString::fromStdString(data.dataset()->dataset.users[std::size_t(data.selectedUser())].key);
        };
        ui::ErrorBrowserBar* bar = compare.errorBrowser();
        QVERIFY(bar->orderBox()->currentText().contains(QStringLiteral("PERSOMA")));
        const auto& ranked = bar->ranking().users;
        QCOMPARE(ranked.size(), keys.size());
        for (std::size_t i = 1; i < ranked.size(); ++i)
            QVERIFY(ranked[i - 1].score <= ranked[i].score);
        const QString first = QString::fromStdString(ranked.front().user);
        const QString second = QString::fromStdString(ranked[1].user);
        bar->next();
        QCOMPARE(selectedKey(), first);
        QVERIFY2(compare.headerText().contains(first), qPrintable(compare.headerText()));
        QVERIFY2(bar->positionText().contains(QStringLiteral("1 of %1").arg(keys.size())), qPrintable(bar->positionText()));
        bar->next();
        QCOMPARE(selectedKey(), second);
        bar->previous();
        QCOMPARE(selectedKey(), first);
        // The tag filter: only the tagged user.
        const int odd = bar->tagBox()->findText(QStringLiteral("odd"));
        QVERIFY(odd > 0);
        bar->tagBox()->setCurrentIndex(odd);
        QCOMPARE(bar->ranking().users.size(), std::size_t(1));
        QCOMPARE(bar->ranking().users.front().user, keys[1]);
        bar->tagBox()->setCurrentIndex(0);
        // A slice: the users of one history band, which together with the others' make the whole.
        std::size_t inSlices = 0;
        for (int i = 1; i < bar->sliceBox()->count(); ++i) {
            if (!bar->sliceBox()->itemData(i).toStringList().value(0).startsWith(QStringLiteral("history")))
                continue;
            bar->sliceBox()->setCurrentIndex(i);
            inSlices += bar->ranking().users.size();
        }
        QCOMPARE(inSlices, keys.size());
    }

    // Defect 1: with another dataset loaded than the run's (here a copy in another folder), the
    // Compare column and the Users view say that the answer is for the run's own dataset's user
    // of that key, marked against its truth there.
    void aRunOnAnotherDatasetSaysSo()
    {
        QTemporaryDir copy;
        const QDir from(QString::fromStdString(testing::tinyTrainPath("dataset")));
        for (const QString& name : from.entryList(QDir::Files))
            QVERIFY(QFile::copy(from.filePath(name), copy.filePath(name)));
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data, copy.path());
        QVERIFY(data.selectUser(m_user));
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        auto* column = compare.column(CompareView::Persoma);
        QVERIFY(column->hasResult());
        QVERIFY2(column->notice().startsWith("Trained on another dataset (" + QDir::toNativeSeparators(from.path())),
                 qPrintable(column->notice()));
        QVERIFY2(column->notice().contains(QString("this is user %1 of that dataset").arg(m_user)), qPrintable(column->notice()));
        QVERIFY(column->notice().contains("Its truth there: liked"));

        ui::InspectView inspect;
        inspect.setLoadedDatasetProvider([&] { return copy.path(); });
        QSignalSpy inspected(&inspect, &ui::InspectView::inspectionFinished);
        inspect.setStorePath(m_store);
        inspect.setUser(m_user);
        inspect.show();
        QVERIFY(inspected.wait(30000));
        QVERIFY2(inspect.titleText().startsWith("Trained on another dataset (" + QDir::toNativeSeparators(from.path()))
                     && inspect.titleText().contains(QString("): user %1 of that dataset, not of the loaded one.").arg(m_user)),
                 qPrintable(inspect.titleText()));

        ui::UsersView users;
        users.setStorePath(m_store);
        users.setLoadedDatasetProvider([&] { return copy.path(); });
        QSignalSpy finished(&users, &ui::UsersView::finished);
        users.run({m_user});
        QVERIFY(finished.wait(30000));
        QVERIFY2(users.summaryText().startsWith("Trained on another dataset"), qPrintable(users.summaryText()));
        users.setLoadedDatasetProvider([&] { return from.path() + "/."; }); // the same folder, spelt otherwise
        users.run({m_user});
        QVERIFY(finished.wait(30000));
        QVERIFY2(!users.summaryText().contains("another dataset"), qPrintable(users.summaryText()));
    }

    // Defect 1, the other half: "On the loaded data" runs the chosen run on the loaded dataset
    // (here a copy where the user's ratings are turned round, so the truth differs): the answer
    // and truth are the loaded data's, no notice; a dataset with other genres is refused by name.
    void aRunOnTheLoadedData()
    {
        QTemporaryDir copy, renamed;
        const QDir from(QString::fromStdString(testing::tinyTrainPath("dataset")));
        for (const QString& name : from.entryList(QDir::Files)) {
            QFile in(from.filePath(name));
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QByteArray text = in.readAll();
            QByteArray flipped, otherGenres = text;
            for (const QByteArray& line : text.split('\n')) {
                QList<QByteArray> f = line.split('\t');
                if (name.endsWith(".inter") && f.size() == 4 && f[0] == m_user.toUtf8())
                    f[2] = QByteArray::number(6 - f[2].toInt());
                flipped += f.join('\t') + '\n';
            }
            flipped.chop(1);
            if (name.endsWith(".item"))
                otherGenres.replace("Horror", "Thriller");
            QFile out(copy.filePath(name)), out2(renamed.filePath(name));
            QVERIFY(out.open(QIODevice::WriteOnly) && out2.open(QIODevice::WriteOnly));
            out.write(flipped);
            out2.write(otherGenres);
        }
        const auto own = api::TrainedRun::open(m_runDir.toStdString())->predict(m_user.toStdString());
        const auto there = api::TrainedRun::openOn(m_runDir.toStdString(), copy.path().toStdString(), 0)->predict(m_user.toStdString());
        QVERIFY(there.truthLiked != own.truthLiked || there.truthDisliked != own.truthDisliked); // the copy is another truth
        QVERIFY(QString::fromStdString(there.dataset).startsWith(copy.path()));

        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data, copy.path());
        QVERIFY(data.selectUser(m_user));
        QVERIFY2(compare.headerText().contains("Each run reads the dataset it was trained on"), qPrintable(compare.headerText()));
        compare.setRunsOnLoadedData(true);
        QVERIFY2(compare.headerText().contains("The runs read this user from the loaded data"), qPrintable(compare.headerText()));
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        auto* column = compare.column(CompareView::Persoma);
        QVERIFY(column->hasResult());
        QCOMPARE(column->outputText(), QString::fromStdString(there.output));
        QVERIFY2(column->notice().isEmpty(), qPrintable(column->notice()));

        // Users and Inspect, asked to, read the loaded data too: no "another dataset" notice, the
        // loaded data's answer.
        ui::UsersView users;
        users.setStorePath(m_store);
        users.setLoadedDatasetProvider([&] { return copy.path(); });
        users.setLoadedDataProvider([&] { return data.dataset(); });
        users.setRunsOnLoadedData(true);
        QSignalSpy finished(&users, &ui::UsersView::finished);
        users.run({m_user});
        QVERIFY(finished.wait(30000));
        QVERIFY2(!users.summaryText().contains("another dataset"), qPrintable(users.summaryText()));
        QCOMPARE(users.table()->item(0, 1)->text(), QString::fromStdString(there.output));
        ui::InspectView inspect;
        inspect.setLoadedDatasetProvider([&] { return copy.path(); });
        inspect.setLoadedDataProvider([&] { return data.dataset(); });
        inspect.setRunsOnLoadedData(true);
        QSignalSpy inspected(&inspect, &ui::InspectView::inspectionFinished);
        inspect.setStorePath(m_store);
        inspect.setUser(m_user);
        inspect.show();
        QVERIFY(inspected.wait(30000));
        QVERIFY2(inspected.last().at(0).toBool() && !inspect.titleText().contains("another dataset"), qPrintable(inspect.titleText()));

        loadData(data, renamed.path());
        QVERIFY(data.selectUser(m_user));
        compare.runAll();
        QVERIFY(shown.wait(30000));
        QVERIFY(!column->hasResult());
        QVERIFY2(column->placeholderText().contains("Thriller") &&
                     column->placeholderText().contains("the run cannot read this dataset's items"),
                 qPrintable(column->placeholderText()));
    }

    // The predictions browser shows the input behind the selected answer: the shown items and the
    // decoder's input, as TrainedRun::input gives them (issue 33).
    void predictionsBrowserShowsTheInput()
    {
        QTemporaryDir dir;
        const QString storePath = dir.filePath("store.sqlite");
        qint64 runId = 0;
        {
            store::Store s(storePath.toStdString());
            runId = addFinishedRun(s, "tiny", testing::tinyRunConfig(m_runDir.toStdString()));
            store::PredictionRecord p;
            p.userId = m_user.toStdString();
            p.output = "Liked Genres: Drama";
            s.addPrediction(runId, p);
        }
        const auto expected = api::TrainedRun::open(m_runDir.toStdString())->input(m_user.toStdString());
        QVERIFY(expected.output.empty());
        QCOMPARE(expected.shownItems.size(), std::size_t{4});
        QVERIFY(QString::fromStdString(expected.inputText).startsWith("["));

        ui::RunsView runs;
        runs.setSeedGrouping(false); // the second run below differs only in its folder
        QVERIFY(runs.openStore(storePath));
        runs.selectRuns({runId});
        QCOMPARE(runs.predictionsModel()->rowCount(), 1);
        runs.predictionsTable()->setCurrentIndex(runs.predictionsProxy()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(runs.predictionInput()->toPlainText().contains("Decoder input"), 30000);
        const QString text = runs.predictionInput()->toPlainText();
        QVERIFY2(text.startsWith(QString("Input of run %1 for user %2, rebuilt from ").arg(runId).arg(m_user)), qPrintable(text));
        for (const std::string& item : expected.shownItems)
            QVERIFY2(text.contains(QString::fromStdString(item)), item.c_str());
        QVERIFY(text.endsWith(QString::fromStdString(expected.inputText)));

        // A run whose folder is gone says so instead of an input.
        {
            store::Store s(storePath.toStdString());
            const qint64 gone = addFinishedRun(s, "gone", testing::tinyRunConfig(dir.filePath("no-such-run").toStdString()));
            store::PredictionRecord p;
            p.userId = m_user.toStdString();
            s.addPrediction(gone, p);
            runs.refresh();
            runs.selectRuns({gone});
        }
        runs.predictionsTable()->setCurrentIndex(runs.predictionsProxy()->index(0, 0));
        QVERIFY2(runs.predictionInput()->toPlainText().contains("is gone"), qPrintable(runs.predictionInput()->toPlainText()));
    }

    // The Runs view's Slices tab (issue 35): two runs trained into a store, their stored test
    // predictions by a user attribute as grouped bars equal to api::storedSlices, the metric and
    // attribute switched, CSV and image exported, an attribute the dataset lacks said.
    void runsViewSlices()
    {
        QTemporaryDir dir;
        const std::string storePath = dir.filePath("store.sqlite").toStdString();
        std::vector<std::int64_t> ids;
        for (int seed : {0, 1}) {
            nlohmann::json config = testing::tinyRunConfig(dir.filePath(QString("run%1").arg(seed)).toStdString(), "persoma", 10);
            config["data"]["maxTestUsers"] = 0;
            config["train"]["seed"] = seed;
            api::TrainingRequest req;
            req.config = config;
            req.storePath = storePath;
            ids.push_back(api::runTraining(req).runId);
        }
        const api::StoredSlices expected = api::storedSlices(storePath, ids, "history");
        QVERIFY(expected.runs[0].error.empty() && expected.runs[1].error.empty());

        ui::RunsView runs;
        runs.setSeedGrouping(false);
        QVERIFY(runs.openStore(QString::fromStdString(storePath)));
        QSignalSpy shown(&runs, &ui::RunsView::slicesShown);
        runs.selectRuns({ids[0], ids[1]});
        runs.showSlices();
        QVERIFY(shown.wait(30000) || shown.count() > 0);
        runs.setSliceAttribute("history");
        QVERIFY(shown.wait(30000));
        auto* chart = runs.sliceChart();
        QCOMPARE(chart->runCount(), 2);
        QCOMPARE(static_cast<std::size_t>(chart->valueLabels().size()), expected.runs[0].rows.size());
        for (int r = 0; r < 2; ++r)
            for (const auto& row : expected.runs[static_cast<std::size_t>(r)].rows)
                QCOMPARE(chart->barValue(r, static_cast<int>(chart->valueLabels().indexOf(QString::fromStdString(row.value)))), row.f1);
        QVERIFY2(runs.slicesStatus().contains("values of history over"), qPrintable(runs.slicesStatus()));
        runs.setSliceMetric(ui::SliceChart::DistinctAnswers);
        QCOMPARE(chart->barValue(0, 0), static_cast<double>(expected.runs[0].rows.front().distinctOutputs));

        QTemporaryDir out;
        QVERIFY(runs.exportSlicesCsv(out.filePath("slices.csv")));
        QFile csv(out.filePath("slices.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().toStdString(), api::storedSlicesCsv(expected));
        QVERIFY(runs.exportSlicesImage(out.filePath("slices.png")));
        QFile png(out.filePath("slices.png"));
        QVERIFY(png.open(QIODevice::ReadOnly));
        QCOMPARE(png.read(4), QByteArray("\x89PNG"));
        QSignalSpy errors(&runs, &ui::RunsView::errorOccurred);
        QVERIFY(!runs.exportSlicesCsv(out.filePath("no-such-folder/slices.csv")));
        QCOMPARE(errors.count(), 1);

        runs.setSliceAttribute("age"); // the tiny dataset has no user file
        QVERIFY(shown.wait(30000));
        QVERIFY(std::isnan(chart->barValue(0, 0))); // no bars: the attribute is not in the dataset
        QVERIFY2(runs.slicesStatus().contains("age"), qPrintable(runs.slicesStatus()));
        QVERIFY(chart->valueLabels().isEmpty());
    }

    void compareShowsNextItemRun()
    {
        // A run trained on next-item generation: its column shows the generated text, the target
        // item and ROUGE / Persona-F1 instead of genres and F1, and the store keeps them.
        const QString dir = m_tmp.filePath(QStringLiteral("run-next"));
        nlohmann::json cfg = testing::tinyRunConfig(dir.toStdString(), "persoma", 30);
        cfg["task"] = "next-item";
        train::Run(train::RunConfig::fromJson(cfg)).trainAndSave();
        const QString storePath = m_tmp.filePath(QStringLiteral("store-next.sqlite"));
        qint64 runId = 0;
        {
            store::Store s(storePath.toStdString());
            runId = addFinishedRun(s, "tiny-next", cfg);
        }
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(storePath);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        QSignalSpy shown(&compare, &CompareView::predictionsShown);
        compare.runAll();
        QVERIFY(shown.wait(30000));
        auto* column = compare.column(CompareView::Persoma);
        QVERIFY(column->hasResult());
        const auto expected = api::TrainedRun::open(dir.toStdString())->predict(m_user.toStdString());
        QCOMPARE(expected.task, std::string("next-item"));
        QVERIFY(!expected.target.empty());
        QCOMPARE(column->outputText(), QString::fromStdString(expected.output));
        QVERIFY2(column->genresHtml().contains(QStringLiteral("Next item:")), qPrintable(column->genresHtml()));
        QVERIFY(column->genresHtml().contains(QString::fromStdString(expected.target).toHtmlEscaped()));
        QVERIFY2(column->metricsText().contains(QStringLiteral("ROUGE-L: ") + QString::number(expected.rougeL, 'f', 3)),
                 qPrintable(column->metricsText()));
        QVERIFY(!column->metricsText().contains(QStringLiteral("F1: —")));
        store::Store s(storePath.toStdString());
        const auto predictions = s.predictions(runId);
        QVERIFY(!predictions.empty());
        QCOMPARE(predictions.back().metrics.at("target").get<std::string>(), expected.target);
        QCOMPARE(predictions.back().metrics.at("rougeL").get<double>(), expected.rougeL);
    }

    void nextDisagreement()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data);
        QVERIFY(data.selectUser(m_user));
        compare.column(CompareView::TextPrompting)->runChooser()->setCurrentIndex(1); // zero-shot
        QSignalSpy finished(&compare, &CompareView::searchFinished);
        compare.nextDisagreement();
        QVERIFY(finished.wait(50000));
        const QString found = finished.last().at(0).toString();
        qInfo("first disagreement after user %s: '%s'", qPrintable(m_user), qPrintable(found));
        // The trained PERSOMA run writes genre lists; the untrained decoder zero-shot does not.
        QVERIFY2(!found.isEmpty(), "the trained and the zero-shot run agreed on every later user");
        QVERIFY(found != m_user);
        QCOMPARE(QString::fromStdString(data.dataset()->dataset.users[std::size_t(data.selectedUser())].key), found);
        auto* text = compare.column(CompareView::TextPrompting);
        auto* persoma = compare.column(CompareView::Persoma);
        QVERIFY(text->hasResult());
        QVERIFY(persoma->hasResult());
        const auto zeroShot = api::TrainedRun::openZeroShot(testing::tinyRunConfig(m_runDir.toStdString()).dump());
        const auto a = zeroShot->predict(found.toStdString());
        const auto b = api::TrainedRun::open(m_runDir.toStdString())->predict(found.toStdString());
        QVERIFY(a.liked != b.liked || a.disliked != b.disliked);
        QCOMPARE(text->outputText(), QString::fromStdString(a.output));
        // Each column shows the exact input its method saw: the same sampled items, the zero-shot
        // prompt as text, PERSOMA's soft tokens named before its instruction.
        QCOMPARE(QString::fromStdString(a.inputText).isEmpty(), false);
        QVERIFY2(text->inputText().contains(QString::fromStdString(a.inputText)), qPrintable(text->inputText()));
        QVERIFY2(persoma->inputText().contains("soft tokens written from the"), qPrintable(persoma->inputText()));
        QCOMPARE(a.shownItems, b.shownItems);
        QVERIFY(!a.shownItems.empty());
        QVERIFY(persoma->inputText().contains(QString::fromStdString(b.shownItems.front())));
        // The zero-shot prompt lists those items itself.
        const std::string title = b.shownItems.front().substr(0, b.shownItems.front().find(" (rated"));
        QVERIFY2(a.inputText.find(title) != std::string::npos, a.inputText.c_str());
    }

    // A view keeps only a few runs loaded (each holds its own decoder): opening more closes the
    // least recently used, so an idle workbench does not grow with every run looked at.
    void openRunsAreBounded()
    {
        std::atomic<quint64> cancel{0};
        ui::TrainedRunWorker worker(&cancel, 1);
        ui::RunChoice trained;
        trained.dir = m_runDir;
        ui::RunChoice zeroShot;
        zeroShot.zeroShotConfig = QString::fromStdString(testing::tinyRunConfig(m_runDir.toStdString()).dump());
        QSignalSpy predicted(&worker, &ui::TrainedRunWorker::predicted);
        worker.predict(1, {trained}, m_user, QString());
        QCOMPARE(worker.openRuns(), std::size_t(1));
        worker.predict(2, {zeroShot}, m_user, QString());
        QCOMPARE(worker.openRuns(), std::size_t(1));
        worker.predict(3, {trained}, m_user, QString());
        QCOMPARE(worker.openRuns(), std::size_t(1));
        QCOMPARE(predicted.count(), 3);
        ui::TrainedRunWorker three(&cancel, 3);
        three.predict(4, {trained, zeroShot}, m_user, QString());
        QCOMPARE(three.openRuns(), std::size_t(2)); // both columns of one request stay loaded
    }

    // One loaded run per folder in the whole process (defect 7): the Compare, Inspect and Users
    // views' workers share it instead of each loading the decoder again, and it is freed when the
    // last of them closes it.
    void viewsShareOneLoadedRun()
    {
        QCOMPARE(ui::TrainedRunWorker::loadedRunsInProcess(), std::size_t(0));
        std::atomic<quint64> cancel{0};
        ui::RunChoice trained;
        trained.dir = m_runDir;
        ui::RunChoice zeroShot;
        zeroShot.zeroShotConfig = QString::fromStdString(testing::tinyRunConfig(m_runDir.toStdString()).dump());
        auto compare = std::make_unique<ui::TrainedRunWorker>(&cancel, 3);
        auto users = std::make_unique<ui::TrainedRunWorker>(&cancel, 1);
        QSignalSpy predicted(compare.get(), &ui::TrainedRunWorker::predicted);
        QSignalSpy usersPredicted(users.get(), &ui::TrainedRunWorker::usersPredicted);
        compare->predict(1, {trained, zeroShot}, m_user, QString());
        QCOMPARE(ui::TrainedRunWorker::loadedRunsInProcess(), std::size_t(2));
        users->predictUsers(2, trained, {m_user});
        QCOMPARE(usersPredicted.count(), 1);
        QCOMPARE(ui::TrainedRunWorker::loadedRunsInProcess(), std::size_t(2)); // shared, not loaded again
        // The shared run answers both views alike.
        const auto fromCompare = predicted.first().at(1).value<ui::ColumnPredictions>().first().view;
        const auto fromUsers = usersPredicted.first().at(1).value<ui::UserPredictions>().first();
        QCOMPARE(fromUsers.output, fromCompare.output);
        compare.reset();
        QCOMPARE(ui::TrainedRunWorker::loadedRunsInProcess(), std::size_t(1)); // Users still holds it
        users.reset();
        QCOMPARE(ui::TrainedRunWorker::loadedRunsInProcess(), std::size_t(0));
    }

    // Users side by side: one run on several users in one batched pass, each row the same answer
    // as predicting that user alone, its genres marked against that user's truth.
    void usersSideBySide()
    {
        ui::UsersView view;
        view.setStorePath(m_store);
        int persomaIndex = -1; // the PERSOMA run in the store (a zero-shot run may be there too)
        for (int i = 0; i < view.runChooser()->count(); ++i)
            if (view.runChooser()->itemData(i).value<ui::RunChoice>().dir == m_runDir)
                persomaIndex = i;
        QVERIFY(persomaIndex >= 0);
        view.runChooser()->setCurrentIndex(persomaIndex);
        const auto run = api::TrainedRun::open(m_runDir.toStdString());
        std::vector<std::string> keys = run->userKeys("test");
        keys.resize(std::min<std::size_t>(keys.size(), 4));
        QVERIFY(keys.size() >= 2);
        QStringList users;
        for (const auto& k : keys)
            users << QString::fromStdString(k);
        QSignalSpy finished(&view, &ui::UsersView::finished);
        view.run(users);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(view.summaryText()));
        QCOMPARE(view.table()->rowCount(), int(keys.size()));
        std::set<std::string> distinct;
        for (int r = 0; r < int(keys.size()); ++r) {
            const api::UserPredictionView alone = run->predict(keys[std::size_t(r)]);
            QCOMPARE(view.table()->item(r, ui::UsersView::UserColumn)->text(), users[r]);
            QCOMPARE(view.table()->item(r, ui::UsersView::AnswerColumn)->text(), QString::fromStdString(alone.output));
            for (const std::string& g : alone.liked) {
                const bool right = std::find(alone.truthLiked.begin(), alone.truthLiked.end(), g) != alone.truthLiked.end();
                QVERIFY(view.table()->item(r, ui::UsersView::LikedColumn)->text().contains(
                    QString::fromStdString(g) + (right ? " ✓" : " ✗")));
            }
            std::vector<std::string> l = alone.liked, d = alone.disliked;
            std::sort(l.begin(), l.end());
            std::sort(d.begin(), d.end());
            std::string key;
            for (const auto& g : l)
                key += g + ',';
            key += '|';
            for (const auto& g : d)
                key += g + ',';
            distinct.insert(key);
        }
        QVERIFY2(view.summaryText().startsWith(QString("%1 users, %2 different answers").arg(keys.size()).arg(distinct.size())),
                 qPrintable(view.summaryText()));
        // No users (nothing selected in the Data view): said, nothing run.
        view.run(QStringList());
        QVERIFY(view.summaryText().contains("Select a user in the Data view first"));
    }

    void noDisagreementAfterTheLastUser()
    {
        ui::DataView data;
        CompareView compare;
        wire(data, compare);
        compare.setStorePath(m_store);
        loadData(data);
        const auto& users = data.dataset()->dataset.users;
        const QString last = QString::fromStdString(users.back().key);
        compare.setUserOrderProvider([&] {
            QStringList keys;
            for (const auto& u : users)
                keys << QString::fromStdString(u.key);
            return keys;
        });
        QVERIFY(data.selectUser(last));
        compare.column(CompareView::TextPrompting)->runChooser()->setCurrentIndex(1); // zero-shot
        QSignalSpy finished(&compare, &CompareView::searchFinished);
        compare.nextDisagreement();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().at(0).toString(), QString());
        QCOMPARE(data.selectedUser(), int(users.size()) - 1);
        bool said = false;
        for (const QLabel* label : compare.findChildren<QLabel*>())
            said = said || label->text().contains(QStringLiteral("No later user"));
        QVERIFY(said);
    }
};

QTEST_MAIN(TestTrainedRunViews)
#include "test_trained_run_views.moc"
