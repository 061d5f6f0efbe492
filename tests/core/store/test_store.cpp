// Tests core/store/store.cpp, store_records.cpp and schema.cpp: migrations from an empty file,
// the run lifecycle, records, resume points and dead-run detection.
#include "core/store/schema.h"
#include "core/store/store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace persona::store;

class TestStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path file(const char* name) const { return std::filesystem::path(m_dir.path().toStdString()) / name; }

private slots:
    void migratesEmptyFile()
    {
        const auto path = file("empty.sqlite");
        std::ofstream(path).close(); // a 0-byte file becomes a store
        {
            Store store(path);
            QCOMPARE(store.schemaVersion(), kSchemaVersion);
            QCOMPARE(store.database().scalarInt("PRAGMA foreign_keys"), 1);
            Statement mode(store.database(), "PRAGMA journal_mode");
            QVERIFY(mode.step());
            QCOMPARE(QString::fromStdString(mode.columnText(0)), QStringLiteral("wal"));
            for (const char* table : {"datasets", "runs", "metric_points", "predictions", "artifacts",
                                      "embedding_cache", "bo_trials"}) {
                Statement st(store.database(), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
                st.bind(1, table);
                QVERIFY(st.step());
                QVERIFY2(st.columnInt(0) == 1, table);
            }
            store.createRun(NewRun{"r", "persoma", {{"lr", 0.01}}, 7, "test", std::nullopt, "cpu", "abc"});
        }
        Store again(path); // reopening an up-to-date store migrates nothing and keeps the data
        QCOMPARE(again.listRuns().size(), std::size_t(1));
        QCOMPARE(again.integrityCheck(), std::vector<std::string>{"ok"});
    }

    void runLifecycle()
    {
        Store store(file("lifecycle.sqlite"));
        const auto id = store.createRun(NewRun{"a", "milp", {{"rank", 8}}, 42, "val", std::nullopt, "", "v1"});
        RunRecord r = store.run(id);
        QCOMPARE(r.status, RunStatus::Queued);
        QCOMPARE(r.config["rank"].get<int>(), 8);
        QCOMPARE(r.seed, std::int64_t(42));
        QVERIFY(!r.startedAt);

        store.markRunning(id, "cuda:0");
        r = store.run(id);
        QCOMPARE(r.status, RunStatus::Running);
        QCOMPARE(r.pid.value_or(0), std::int64_t(::getpid()));
        QCOMPARE(QString::fromStdString(r.device), QStringLiteral("cuda:0"));
        QVERIFY(r.startedAt);

        store.markCancelled(id);
        QCOMPARE(store.run(id).status, RunStatus::Cancelled);
        QVERIFY(store.run(id).endedAt);
        store.markRunning(id); // a cancelled run resumes
        QCOMPARE(store.run(id).status, RunStatus::Running);
        QVERIFY(!store.run(id).endedAt);
        store.markFinished(id);
        QCOMPARE(store.run(id).status, RunStatus::Finished);
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.markRunning(id));
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.markFailed(id, "late"));

        const auto bad = store.createRun(NewRun{"b", "persoma", {}, 0, "", std::nullopt, "", ""});
        store.markRunning(bad);
        store.markFailed(bad, "out of memory");
        QCOMPARE(QString::fromStdString(store.run(bad).error), QStringLiteral("out of memory"));
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.run(999));
        QCOMPARE(store.listRuns().front().id, bad); // newest first
        QCOMPARE(store.listRuns(1).size(), std::size_t(1));
    }

    void metricsAndResume()
    {
        Store store(file("metrics.sqlite"));
        const auto id = store.createRun(NewRun{"m", "persoma", {}, 0, "", std::nullopt, "", ""});
        std::vector<MetricPoint> pts = {{1, "loss", 2.5}, {1, "lr", 1e-3}, {2, "loss", std::nan("")}, {3, "loss", 1.5}};
        store.addMetricPoints(id, pts);
        QCOMPARE(store.run(id).lastStep.value_or(-1), std::int64_t(3));
        auto loss = store.metricPoints(id, "loss");
        QCOMPARE(loss.size(), std::size_t(3));
        QVERIFY(std::isnan(loss[1].value));
        // A resumed run re-logs step 3 after its checkpoint: the point is replaced, not doubled.
        std::vector<MetricPoint> again = {{3, "loss", 1.25}, {4, "loss", 1.0}};
        store.addMetricPoints(id, again);
        loss = store.metricPoints(id, "loss");
        QCOMPARE(loss.size(), std::size_t(4));
        QCOMPARE(loss[2].value, 1.25);
        QCOMPARE(store.metricNames(id), (std::vector<std::string>{"loss", "lr"}));
        QCOMPARE(store.metricPointCount(id), std::int64_t(5));
        const auto sums = store.metricSummaries(id);
        QCOMPARE(sums.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(sums[0].name), QStringLiteral("loss"));
        QCOMPARE(sums[0].points, std::int64_t(4));
        QCOMPARE(sums[0].firstStep, std::int64_t(1));
        QCOMPARE(sums[0].lastStep, std::int64_t(4));
        QCOMPARE(sums[0].lastValue, 1.0);
        QCOMPARE(sums[1].lastValue, 1e-3);

        const auto ck = store.addArtifact(id, ArtifactRecord{0, "checkpoint", "/ck/step4.pt", "ab12", 4, 0});
        store.setCheckpoint(id, ck, 4);
        const ResumePoint rp = store.resumePoint(id);
        QCOMPARE(rp.lastStep.value_or(-1), std::int64_t(4));
        QVERIFY(rp.checkpoint);
        QCOMPARE(QString::fromStdString(rp.checkpoint->path), QStringLiteral("/ck/step4.pt"));
        QCOMPARE(rp.checkpointStep.value_or(-1), std::int64_t(4));

        const auto other = store.createRun(NewRun{"o", "persoma", {}, 0, "", std::nullopt, "", ""});
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.setCheckpoint(other, ck, 1));
        std::vector<MetricPoint> orphan = {{1, "loss", 1.0}};
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.addMetricPoints(12345, orphan)); // no such run
    }

    void recordsRoundTrip()
    {
        Store store(file("records.sqlite"));
        const auto ds = store.addDataset(DatasetRecord{0, "/data/ml-100k", "recbole-atomic", "cafe"});
        QCOMPARE(store.addDataset(DatasetRecord{0, "/data/ml-100k", "recbole-atomic", "cafe"}), ds);
        QVERIFY(store.addDataset(DatasetRecord{0, "/data/ml-100k", "recbole-atomic", "beef"}) != ds);
        QCOMPARE(QString::fromStdString(store.dataset(ds)->format), QStringLiteral("recbole-atomic"));

        const auto id = store.createRun(NewRun{"p", "text-prompt", {}, 1, "test", ds, "", ""});
        PredictionRecord p;
        p.userId = "196";
        p.output = "Comedy, Drama";
        p.genres = {"Comedy", "Drama"};
        p.metrics = {{"f1", 0.5}};
        p.inputTokens = 812;
        p.latencyMs = 35.5;
        p.note = "ok";
        p.tags = {"checked"};
        store.addPrediction(id, p);
        const auto back = store.predictions(id);
        QCOMPARE(back.size(), std::size_t(1));
        QCOMPARE(back[0].genres, p.genres);
        QCOMPARE(back[0].metrics, p.metrics);
        QCOMPARE(back[0].inputTokens.value_or(0), std::int64_t(812));
        QCOMPARE(back[0].latencyMs.value_or(0), 35.5);

        // A repeated test pass (a resumed run) replaces the predictions, keeping the note and tags
        // a user gave the same user's earlier prediction.
        PredictionRecord q;
        q.userId = "7";
        q.output = "Horror";
        store.addPrediction(id, q);
        PredictionRecord p2 = p;
        p2.output = "Drama";
        p2.note.clear();
        p2.tags = nlohmann::json::array();
        PredictionRecord q2 = q;
        q2.output = "Action";
        const PredictionRecord again[] = {p2, q2};
        store.replacePredictions(id, again);
        store.replacePredictions(id, again);
        const auto replaced = store.predictions(id);
        QCOMPARE(replaced.size(), std::size_t(2));
        QCOMPARE(replaced[0].output, std::string("Drama"));
        QCOMPARE(replaced[0].note, std::string("ok"));
        QCOMPARE(replaced[0].tags, nlohmann::json({"checked"}));
        QCOMPARE(replaced[1].output, std::string("Action"));
        QCOMPARE(replaced[1].note, std::string());

        store.putEmbedding(EmbeddingCacheEntry{"enc1", "txt1", "/cache/a.bin", 4096, 384});
        QCOMPARE(store.findEmbedding("enc1", "txt1")->offset, std::int64_t(4096));
        QVERIFY(!store.findEmbedding("enc1", "nope"));

        store.addBoTrial(id, BoTrial{0, {{"rank", 4}}, {{"f1", 0.3}, {"cost", 2.0}}, 0});
        store.addBoTrial(id, BoTrial{1, {{"rank", 8}}, {{"f1", 0.4}, {"cost", 3.0}}, 0});
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.addBoTrial(id, BoTrial{1, {}, {}, 0}));
        QCOMPARE(store.boTrials(id).size(), std::size_t(2));
        QCOMPARE(store.boTrials(id)[1].objectives["f1"].get<double>(), 0.4);

        store.addMetricPoints(id, std::vector<MetricPoint>{{1, "loss", 1.0}});
        store.addArtifact(id, ArtifactRecord{0, "plot", "/p.png", "", std::nullopt, 0});
        store.deleteRun(id); // cascades
        QCOMPARE(store.database().scalarInt("SELECT count(*) FROM predictions"), std::int64_t(0));
        QCOMPARE(store.database().scalarInt("SELECT count(*) FROM metric_points"), std::int64_t(0));
        QCOMPARE(store.database().scalarInt("SELECT count(*) FROM artifacts"), std::int64_t(0));
        QCOMPARE(store.database().scalarInt("SELECT count(*) FROM bo_trials"), std::int64_t(0));
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, store.deleteRun(id));
    }

    void deadRunBecomesInterrupted()
    {
        const auto path = file("dead.sqlite");
        // A pid that surely belongs to no process: a child that has exited and been reaped.
        const pid_t child = ::fork();
        if (child == 0)
            ::_exit(0);
        int status = 0;
        ::waitpid(child, &status, 0);
        std::int64_t deadRun = 0, liveRun = 0, remoteRun = 0;
        {
            Store store(path);
            deadRun = store.createRun(NewRun{"dead", "persoma", {}, 0, "", std::nullopt, "", ""});
            liveRun = store.createRun(NewRun{"live", "persoma", {}, 0, "", std::nullopt, "", ""});
            remoteRun = store.createRun(NewRun{"remote", "persoma", {}, 0, "", std::nullopt, "", ""});
            for (auto id : {deadRun, liveRun, remoteRun})
                store.markRunning(id);
            Statement st(store.database(), "UPDATE runs SET pid = ? WHERE id = ?");
            st.bind(1, std::int64_t(child)).bind(2, deadRun).exec();
            Statement remote(store.database(), "UPDATE runs SET pid = 1, host = 'elsewhere' WHERE id = ?");
            remote.bind(1, remoteRun).exec();
        }
        Store store(path);
        QCOMPARE(store.run(deadRun).status, RunStatus::Interrupted);
        QVERIFY(store.run(deadRun).error.find("ended without finishing") != std::string::npos);
        QCOMPARE(store.run(liveRun).status, RunStatus::Running);   // this process is alive
        QCOMPARE(store.run(remoteRun).status, RunStatus::Running); // another host: cannot tell
        store.markRunning(deadRun);                                // an interrupted run resumes
        QCOMPARE(store.run(deadRun).status, RunStatus::Running);
    }

    void defaultPathFollowsXdg()
    {
        const QByteArray old = qgetenv("XDG_DATA_HOME");
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("XDG_DATA_HOME", "/tmp/xdg-test");
        QCOMPARE(QString::fromStdString(Store::defaultPath().string()),
                 QStringLiteral("/tmp/xdg-test/persona-workbench/store.sqlite"));
        qunsetenv("XDG_DATA_HOME");
        qputenv("HOME", "/home/someone");
        QCOMPARE(QString::fromStdString(Store::defaultPath().string()),
                 QStringLiteral("/home/someone/.local/share/persona-workbench/store.sqlite"));
        qputenv("HOME", oldHome);
        if (!old.isEmpty())
            qputenv("XDG_DATA_HOME", old);
    }
};

QTEST_APPLESS_MAIN(TestStore)
#include "test_store.moc"
