// Slow test on the real models (SmolLM2-135M, MiniLM, ml-100k): `persona bench --train`'s API end
// to end on a small batch (history 3, 2 users, 1 + 2 steps): sane figures (no timing assertion)
// and a dumped batch that matches them. Skips when the model files are absent.
#include "core/api/benchmark.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace persona;

class TestTrainBenchmarkReal : public QObject {
    Q_OBJECT

private slots:
    void realModelsEndToEnd()
    {
        const auto paths = api::defaultModelPaths();
        if (!std::filesystem::exists(paths.decoder) || !std::filesystem::exists(paths.encoder + "/model.safetensors") ||
            !std::filesystem::exists(paths.dataset))
            QSKIP("default models or ml-100k missing (run scripts/fetch_models.py)");
        QTemporaryDir dir;
        api::TrainBenchOptions o;
        o.history = 3;
        o.batch = 2;
        o.warmup = 1;
        o.steps = 2;
        o.threads = 1;
        o.config = {{"models", {{"cacheDir", dir.path().toStdString() + "/cache"}}}};
        o.dumpBatch = dir.path().toStdString() + "/batch.json";
        const auto r = api::runTrainBenchmark(o);
        QCOMPARE(r.method, std::string("persoma-mlp-frozen"));
        QCOMPARE(r.stepSeconds.size(), std::size_t(3));
        QCOMPARE(r.losses.size(), std::size_t(3));
        QCOMPARE(r.itemDim, std::int64_t(3 * 384)); // title, genres, rating (ml-100k has no descriptions)
        QVERIFY(r.medianStepSeconds > 0.0 && r.minStepSeconds <= r.medianStepSeconds && r.medianStepSeconds <= r.maxStepSeconds);
        QVERIFY(r.examplesPerSecond > 0.0 && r.tokensPerSecond > r.examplesPerSecond);
        QVERIFY(r.tokensPerStep > 2 * (3 + 20));
        QVERIFY(r.peakRssMiB >= r.rssBeforeStepsMiB && r.rssBeforeStepsMiB > 500.0); // fp32 SmolLM2 is 540 MB
        QCOMPARE(r.threads, 1);
        const auto j = r.toJson();
        QCOMPARE(j["steps"].get<int>(), 2);

        std::ifstream in(o.dumpBatch);
        const auto b = nlohmann::json::parse(in);
        QCOMPARE(b["examples"].size(), std::size_t(2));
        QCOMPARE(b["itemDim"].get<std::int64_t>(), r.itemDim);
        std::int64_t tokens = 0;
        for (const auto& e : b["examples"]) {
            QCOMPARE(e["items"].size(), std::size_t(3));
            tokens += static_cast<std::int64_t>(e["items"].size() + e["promptIds"].size() + e["targetIds"].size()) +
                      b["taskTokens"].get<std::int64_t>();
        }
        QCOMPARE(tokens, r.tokensPerStep);
    }
};

QTEST_APPLESS_MAIN(TestTrainBenchmarkReal)
#include "test_train_benchmark_real.moc"
