// Tests core/store/run_export.cpp: a run exported as JSON and imported into another store exports
// again identically (modulo the run id); CSV quoting; bad imports fail cleanly and write nothing.
#include "core/store/run_export.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace persona::store;
using nlohmann::json;

namespace {

// A run using every kind of record, with awkward values: NaN and infinities, commas, quotes and
// newlines, non-ASCII text, a checkpoint artifact and a dataset.
std::int64_t makeRichRun(Store& store)
{
    const auto ds = store.addDataset(DatasetRecord{0, "/data/ml-100k", "recbole-atomic", "sha256:00ff"});
    NewRun nr{"rich, \"quoted\" run", "milp", {{"lr", 3e-4}, {"rank", 8}, {"targets", {"q_proj", "v_proj"}}},
              1234, "test", ds, "cuda:0", "0.1.0+abc"};
    const auto id = store.createRun(nr);
    store.markRunning(id);
    std::vector<MetricPoint> pts;
    for (int s = 0; s < 50; ++s) {
        pts.push_back({s, "train/loss", 2.0 / (s + 1)});
        pts.push_back({s * 10, "eval/f1", 0.1 + s * 0.001});
    }
    pts.push_back({50, "train/loss", std::nan("")});
    pts.push_back({51, "train/loss", HUGE_VAL});
    pts.push_back({52, "train/loss", -HUGE_VAL});
    store.addMetricPoints(id, pts);
    PredictionRecord p;
    p.userId = "196";
    p.output = "Comedy,\nDrama \"maybe\" — Film-Noir";
    p.genres = {"Comedy", "Drama", "Film-Noir"};
    p.metrics = {{"f1", 0.66}, {"jaccard", 0.5}};
    p.inputTokens = 900;
    p.latencyMs = 41.25;
    p.note = "looks right";
    p.tags = {"good", "checked"};
    store.addPrediction(id, p);
    PredictionRecord q;
    q.userId = "7";
    store.addPrediction(id, q);
    store.addArtifact(id, ArtifactRecord{0, "plot", "/plots/loss.png", "aa", std::nullopt, 1700000000000});
    const auto ck = store.addArtifact(id, ArtifactRecord{0, "checkpoint", "/ck/step40.pt", "bb", 40, 1700000000001});
    store.setCheckpoint(id, ck, 40);
    store.addBoTrial(id, BoTrial{0, {{"rank", 4}}, {{"f1", 0.3}, {"params", 1e5}}, 1700000000002});
    store.markFailed(id, "CUDA out of memory");
    return id;
}

json withoutId(json doc)
{
    doc["run"].erase("id");
    return doc;
}

} // namespace

class TestRunExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path file(const char* name) const { return std::filesystem::path(m_dir.path().toStdString()) / name; }

private slots:
    void jsonRoundTrip()
    {
        Store a(file("a.sqlite"));
        const auto id = makeRichRun(a);
        const json first = exportRunJson(a, id);
        QCOMPARE(first["metrics"]["train/loss"]["values"][50].get<std::string>(), std::string("nan"));
        QCOMPARE(first["metrics"]["train/loss"]["values"][51].get<std::string>(), std::string("inf"));
        QCOMPARE(first["run"]["checkpoint_artifact"].get<int>(), 1);
        QCOMPARE(first["run"]["status"].get<std::string>(), std::string("failed"));

        // Through text and a file, as the CLI does, into a second store with other runs in it.
        const auto exported = file("run.json");
        std::ofstream(exported) << first.dump(2);
        Store b(file("b.sqlite"));
        b.createRun(NewRun{"other", "persoma", {}, 0, "", std::nullopt, "", ""});
        const auto imported = importRunJson(b, readRunExportFile(exported), exported.string());
        QVERIFY(imported != id);
        const json second = exportRunJson(b, imported);
        QCOMPARE(second["run"]["id"].get<std::int64_t>(), imported);
        if (withoutId(second) != withoutId(first))
            QFAIL(("round trip differs:\nfirst:  " + withoutId(first).dump() + "\nsecond: " + withoutId(second).dump()).c_str());

        // And again within the first store: a copy of the run next to the original.
        const auto copy = importRunJson(a, second);
        QCOMPARE(withoutId(exportRunJson(a, copy)), withoutId(first));
        QCOMPARE(a.listRuns().size(), std::size_t(2));
        QCOMPARE(a.database().scalarInt("SELECT count(*) FROM datasets"), std::int64_t(1)); // reused
    }

    void csvExport()
    {
        Store a(file("csv.sqlite"));
        const auto id = makeRichRun(a);
        const std::string metrics = exportMetricsCsv(a, id);
        QVERIFY(metrics.starts_with("step,name,value\n"));
        QVERIFY(metrics.find("\n0,eval/f1,0.10000000000000001\n") != std::string::npos);
        QVERIFY(metrics.find("\n50,train/loss,nan\n") != std::string::npos);
        QVERIFY(metrics.find("\n52,train/loss,-inf\n") != std::string::npos);
        QCOMPARE(std::count(metrics.begin(), metrics.end(), '\n'), std::ptrdiff_t(1 + 103));

        const std::string preds = exportPredictionsCsv(a, id);
        QVERIFY(preds.starts_with("user_id,output,genres,metrics,input_tokens,latency_ms,note,tags\n"));
        QVERIFY2(preds.find("196,\"Comedy,\nDrama \"\"maybe\"\" — Film-Noir\",\"[\"\"Comedy\"\",\"\"Drama\"\",\"\"Film-Noir\"\"]\"") !=
                     std::string::npos, preds.c_str());
        QVERIFY(preds.find("\n7,,[],{},,,,[]\n") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(persona::StoreError, exportMetricsCsv(a, 999));
    }

    void badImportsWriteNothing()
    {
        Store a(file("src.sqlite"));
        const json good = exportRunJson(a, makeRichRun(a));
        Store b(file("dst.sqlite"));
        auto expectFormatError = [&](json doc, const std::string& needle) {
            try {
                importRunJson(b, doc, "doc.json");
                QFAIL(("import accepted a bad document, expected: " + needle).c_str());
            } catch (const persona::FormatError& e) {
                const std::string msg = e.what();
                QVERIFY2(msg.find("doc.json") != std::string::npos && msg.find(needle) != std::string::npos, msg.c_str());
            }
            QCOMPARE(b.listRuns().size(), std::size_t(0));
            QCOMPARE(b.database().scalarInt("SELECT count(*) FROM artifacts"), std::int64_t(0));
            QCOMPARE(b.database().scalarInt("SELECT count(*) FROM datasets"), std::int64_t(0));
        };
        json d = good;
        d["format"] = "something-else";
        expectFormatError(d, "/format");
        d["format"] = 1; // not a string (fuzz_run_import: an uncaught json type_error before)
        expectFormatError(d, "/format");
        d = good;
        d["version"] = 2;
        expectFormatError(d, "/version");
        d = good;
        d["run"]["status"] = "exploded";
        expectFormatError(d, "/run/status");
        d = good;
        d["metrics"]["eval/f1"]["values"].erase(0);
        expectFormatError(d, "/metrics/eval/f1");
        d = good;
        d["predictions"][1]["user_id"] = 7; // fails after the run, artifacts and metrics went in
        expectFormatError(d, "/predictions/1/user_id");
        d = good;
        d["run"]["checkpoint_artifact"] = 5;
        expectFormatError(d, "/run/checkpoint_artifact");
        // A step of 2^63 does not fit the store's integers (it came back negative); two values for
        // one step of a curve would keep only one of them.
        d = good;
        d["metrics"]["eval/f1"]["steps"][0] = std::uint64_t{1} << 63;
        expectFormatError(d, "larger than a store integer");
        d = good;
        d["run"]["last_step"] = std::uint64_t{1} << 63;
        expectFormatError(d, "/run/last_step");
        d = good;
        QVERIFY(d["metrics"]["eval/f1"]["steps"].size() >= 2);
        d["metrics"]["eval/f1"]["steps"][1] = d["metrics"]["eval/f1"]["steps"][0];
        expectFormatError(d, "repeats step");

        const auto broken = file("broken.json");
        std::ofstream(broken) << "{\"format\": \"persona-run\", oops";
        try {
            readRunExportFile(broken);
            QFAIL("broken JSON was accepted");
        } catch (const persona::FormatError& e) {
            QVERIFY2(std::string(e.what()).find("byte offset") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(persona::IoError, readRunExportFile(file("absent.json")));
    }
};

QTEST_APPLESS_MAIN(TestRunExport)
#include "test_run_export.moc"
