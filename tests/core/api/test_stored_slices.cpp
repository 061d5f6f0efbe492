// core/api/stored_slices: the slices of a run's stored test predictions equal those of evaluating
// the run anew (`persona eval --run R --slice-by ...`, api::evaluateRun) on a real tiny run trained
// into a store; the users of the slices add up to the test pass; runs that cannot be sliced say why;
// the CSV has one line per run and value.
#include "tiny_run_folder.h"

#include "core/api/evaluation.h"
#include "core/api/stored_slices.h"
#include "core/api/training.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace persona;

class TestStoredSlices : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_store, m_runDir;
    std::int64_t m_runId = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_store = m_tmp.filePath("store.sqlite").toStdString();
        nlohmann::json config = testing::tinyRunConfig(m_tmp.filePath("run").toStdString(), "persoma", 20);
        config["data"]["maxTestUsers"] = 0; // every test user
        api::TrainingRequest req;
        req.config = config;
        req.storePath = m_store;
        const auto out = api::runTraining(req);
        m_runId = out.runId;
        m_runDir = out.runDir;
        QVERIFY(m_runId > 0);
    }

    void equalsEvaluatingAnew_data()
    {
        QTest::addColumn<QString>("attribute");
        QTest::newRow("history") << "history";
        QTest::newRow("rating") << "rating";
        QTest::newRow("genres") << "genres";
    }
    void equalsEvaluatingAnew()
    {
        QFETCH(QString, attribute);
        const api::StoredSlices stored = api::storedSlices(m_store, {m_runId}, attribute.toStdString());
        QCOMPARE(stored.runs.size(), std::size_t{1});
        const api::RunSlices& r = stored.runs.front();
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(std::find(stored.attributes.begin(), stored.attributes.end(), attribute.toStdString()) != stored.attributes.end());

        api::RunEvaluationRequest req;
        req.runDir = m_runDir;
        req.sliceBy = {attribute.toStdString()};
        const nlohmann::json fresh = api::evaluateRun(req);
        const nlohmann::json& slices = fresh["slices"];
        QCOMPARE(r.rows.size(), slices.size());
        std::size_t users = 0;
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const auto& want = slices[i];
            QCOMPARE(QString::fromStdString(r.rows[i].value), QString::fromStdString(want["value"].get<std::string>()));
            QCOMPARE(r.rows[i].users, want["users"].get<std::size_t>());
            QCOMPARE(r.rows[i].distinctOutputs, want["distinctOutputs"].get<std::size_t>());
            QCOMPARE(r.rows[i].f1, want["f1"].get<double>());
            if (want["crossUserF1"].is_null())
                QVERIFY(std::isnan(r.rows[i].crossUserF1));
            else
                QCOMPARE(r.rows[i].crossUserF1, want["crossUserF1"].get<double>());
            users += r.rows[i].users;
        }
        store::Store s(m_store);
        QCOMPARE(users, s.predictions(m_runId).size()); // the slices add up to the test pass
        QVERIFY(users >= 3);
    }

    void runsThatCannotBeSlicedSayWhy()
    {
        // A run with answers but no stored truths (Compare's), and one the store does not have.
        std::int64_t bare = 0;
        {
            store::Store s(m_store);
            store::NewRun n;
            n.name = "compare-only";
            n.method = "persoma";
            n.config = testing::tinyRunConfig(m_runDir);
            bare = s.createRun(n);
            store::PredictionRecord p;
            p.userId = s.predictions(m_runId).front().userId;
            p.output = "Liked Genres: Drama";
            s.addPrediction(bare, p);
        }
        const auto out = api::storedSlices(m_store, {m_runId, bare, 999}, "history");
        QCOMPARE(out.runs.size(), std::size_t{3});
        QVERIFY(!out.runs[0].rows.empty());
        QVERIFY2(out.runs[1].error.find("has no stored test predictions with their truth") != std::string::npos,
                 out.runs[1].error.c_str());
        QVERIFY2(out.runs[2].error.find("has no run 999") != std::string::npos, out.runs[2].error.c_str());
        // An attribute the dataset does not have (the tiny dataset has no user file).
        const auto age = api::storedSlices(m_store, {m_runId}, "age");
        QVERIFY2(age.runs[0].error.find("age") != std::string::npos && age.runs[0].rows.empty(), age.runs[0].error.c_str());
        // The default attribute is the first the dataset offers.
        QCOMPARE(api::storedSlices(m_store, {m_runId}).attribute, api::storedSlices(m_store, {m_runId}).attributes.front());
    }

    void csvHasALinePerRunAndValue()
    {
        const auto out = api::storedSlices(m_store, {m_runId, m_runId}, "history");
        const std::string csv = api::storedSlicesCsv(out);
        const auto lines = QString::fromStdString(csv).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.front(), QStringLiteral("run_id,run,attribute,value,users,f1,cross_user_f1,distinct_answers"));
        QCOMPARE(static_cast<std::size_t>(lines.size()), 1 + 2 * out.runs[0].rows.size());
        QVERIFY(lines[1].startsWith(QString("%1,#%1 tiny-persoma (persoma),history,").arg(m_runId)));
    }
};

QTEST_GUILESS_MAIN(TestStoredSlices)
#include "test_stored_slices.moc"
