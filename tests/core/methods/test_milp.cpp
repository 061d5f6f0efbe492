// Tests core/methods/milp (the method) and core/methods/milp/search (its search) on tiny models: the count -> module mapping,
// modules removed and re-initialised between trials, stage 1 lowering the next-item loss, config
// errors before any training, a 4-trial search end to end (BO trials in a temp store, a reopenable
// run folder) and the per-user memory pass leaving the folder untouched.
#include "core/api/milp.h"
#include "core/common/error.h"
#include "core/common/log.h"
#include "core/common/sha256.h"
#include "core/methods/milp/milp_method.h"
#include "core/store/store.h"
#include "core/methods/milp/search/milp_run.h"
#include "core/train/run.h"
#include "persoma_tiny.h"
#include "tiny_configs.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace persona;

namespace {

search::MilpConfig milpConfig(std::vector<bool> layers, int count, int rank)
{
    search::MilpConfig c;
    c.activeLayers = std::move(layers);
    c.loraCount = count;
    c.rank = rank;
    return c;
}

int milpLoraCount(nn::LlamaDecoderImpl& d)
{
    int n = 0;
    for (const auto& l : d.linearLayers())
        for (const auto& name : l.linear->loras())
            n += name.rfind("milp", 0) == 0 ? 1 : 0;
    return n;
}

// The mini RecBole world with 2 training, 1 validation and 1 test user.
nlohmann::json tinySearchJson(const std::string& outDir)
{
    return testing::tinyMilpJson("milp-test", outDir);
}

train::MilpRunConfig tinyConfig()
{
    return train::MilpRunConfig::fromJson(tinySearchJson("/tmp/unused-milp-run"));
}

} // namespace

class TestMilp : public QObject {
    Q_OBJECT

private slots:
    void placementIsRoundRobinOverLayersThenProjections()
    {
        // Active layers 0, 2, 3 (A = 3); modules 0..6.
        const auto p = methods::milpPlacement(milpConfig({true, false, true, true}, 7, 8));
        QCOMPARE(p.size(), std::size_t(7));
        const std::vector<std::pair<std::int64_t, std::string>> want{
            {0, "gate"}, {2, "gate"}, {3, "gate"}, {0, "up"}, {2, "up"}, {3, "up"}, {0, "down"}};
        for (std::size_t k = 0; k < p.size(); ++k) {
            QCOMPARE(p[k].layer, want[k].first);
            QCOMPARE(p[k].projection, want[k].second);
            QCOMPARE(p[k].name, "milp" + std::to_string(k));
        }
        // From 3A on the cycle restarts: module 9 shares layer 0's gate with module 0.
        const auto q = methods::milpPlacement(milpConfig({true, false, true, true}, 10, 8));
        QCOMPARE(q[9].layer, std::int64_t(0));
        QCOMPARE(q[9].projection, std::string("gate"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::milpPlacement(milpConfig({false, false}, 2, 8)));
    }

    void methodPlacesNamesAndRemovesModules()
    {
        testing::TinyWorld w;
        {
            methods::MilpMethod m(w.decoder, *w.tokenizer, milpConfig({false, true}, 4, 8));
            const auto& mlp = w.decoder->blocks[1]->mlp;
            QCOMPARE(mlp->gateProj->loras(), (std::vector<std::string>{"milp0", "milp3"}));
            QCOMPARE(mlp->upProj->loras(), (std::vector<std::string>{"milp1"}));
            QCOMPARE(mlp->downProj->loras(), (std::vector<std::string>{"milp2"}));
            QVERIFY(w.decoder->blocks[0]->mlp->gateProj->loras().empty());
            const auto state = m.trainedState();
            QCOMPARE(state.size(), std::size_t(8));
            QCOMPARE(state[0].first, std::string("decoder.layers.1.mlp.gate_proj.milp0.lora_A"));
            QCOMPARE(state[1].first, std::string("decoder.layers.1.mlp.gate_proj.milp0.lora_B"));
            QCOMPARE(state[7].first, std::string("decoder.layers.1.mlp.gate_proj.milp3.lora_B"));
            QCOMPARE(state[0].second.sizes(), (torch::IntArrayRef{8, 32}));
            QCOMPARE(state[5].second.sizes(), (torch::IntArrayRef{32, 8})); // down: [hidden, r]
            QCOMPARE(m.parameterCount(), std::int64_t(3 * (8 * 32 + 64 * 8) + (8 * 64 + 32 * 8)));
            // A second MilpMethod on the same decoder is refused.
            QVERIFY_THROWS_EXCEPTION(ConfigError, methods::MilpMethod(w.decoder, *w.tokenizer, milpConfig({true, false}, 1, 8)));
            QVERIFY_THROWS_EXCEPTION(ConfigError, methods::MilpMethod(w.decoder, *w.tokenizer, milpConfig({true, true, true}, 1, 8)));
        }
        QCOMPARE(milpLoraCount(*w.decoder), 0);
        // A rank wider than the projection (hidden 32) is refused and leaves nothing behind.
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::MilpMethod(w.decoder, *w.tokenizer, milpConfig({true, true}, 3, 64)));
        QCOMPARE(milpLoraCount(*w.decoder), 0);
    }

    void configJsonRoundTripAndErrors()
    {
        const auto c = methods::milpConfigFromJson({{"layers", {0, 2}}, {"modules", 5}, {"rank", 32}}, 4);
        QCOMPARE(c.activeLayers, (std::vector<bool>{true, false, true, false}));
        QCOMPARE(methods::milpConfigToJson(c), (nlohmann::json{{"layers", {0, 2}}, {"modules", 5}, {"rank", 32}}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::milpConfigFromJson({{"layers", {40}}, {"modules", 1}, {"rank", 8}}, 2));
        QVERIFY_THROWS_EXCEPTION(ConfigError, methods::milpConfigFromJson({{"layers", {0}}, {"modules", 1}, {"rank", 12}}, 2));

        nlohmann::json j = tinySearchJson("/tmp/x");
        j["search"]["searchLayers"] = false;
        j["search"]["searchCount"] = false;
        j["search"]["searchRank"] = false;
        try {
            train::MilpRunConfig::fromJson(j);
            QFAIL("an empty search space was accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("empty search space") != std::string::npos, e.what());
        }
        j = tinySearchJson("/tmp/x");
        j["search"]["ranks"] = {8, 12};
        try {
            train::MilpRunConfig::fromJson(j);
            QFAIL("rank 12 was accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("search.ranks") != std::string::npos, e.what());
        }
        j = tinySearchJson("/tmp/x");
        j["search"]["bogus"] = 1;
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::MilpRunConfig::fromJson(j));
    }

    void layerPastDepthFailsBeforeTraining()
    {
        testing::TinyWorld w;
        auto cfg = tinyConfig();
        cfg.search.searchLayers = false;
        cfg.search.fixedLayers = {0, 40};
        const auto before = w.decoder->parameters()[0].detach().clone();
        try {
            train::MilpSearch s(cfg, w.ds, w.decoder, *w.tokenizer);
            QFAIL("layer index 40 on a 2-layer decoder was accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("40") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("search.fixed.layers") != std::string::npos, e.what());
        }
        QCOMPARE(milpLoraCount(*w.decoder), 0);
        QVERIFY(torch::equal(before, w.decoder->parameters()[0]));
        // The facade refuses it before creating a store run.
        const std::string storePath = (std::filesystem::path(QDir::tempPath().toStdString()) / "milp_bad.sqlite").string();
        std::filesystem::remove(storePath);
        nlohmann::json j = tinySearchJson("/tmp/unused-milp-run");
        j["search"]["searchLayers"] = false;
        j["search"]["fixed"] = {{"layers", {40}}};
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::runMilpSearch({j, storePath}));
        QVERIFY(!std::filesystem::exists(storePath));
    }

    void trialsResetTheirModules()
    {
        testing::TinyWorld w;
        train::MilpSearch s(tinyConfig(), w.ds, w.decoder, *w.tokenizer);
        const auto c = milpConfig({true, true}, 3, 8);
        const auto a = s.runTrial(c);
        QCOMPARE(milpLoraCount(*w.decoder), 0);
        const auto other = s.runTrial(milpConfig({false, true}, 5, 16));
        const auto b = s.runTrial(c);
        QVERIFY(std::isfinite(a.valLoss));
        QCOMPARE(a.valLoss, b.valLoss);
        QCOMPARE(a.valMetric, b.valMetric);
        QCOMPARE(a.stage1.losses, b.stage1.losses);
        QVERIFY(a.stage1.losses != other.stage1.losses);
        QCOMPARE(milpLoraCount(*w.decoder), 0);
    }

    void stageOneLowersNextItemLoss()
    {
        testing::TinyWorld w;
        auto cfg = tinyConfig();
        train::MilpSearch s(cfg, w.ds, w.decoder, *w.tokenizer);
        std::vector<std::size_t> users;
        for (std::size_t u = 0; u < w.ds.users.size(); ++u)
            users.push_back(u);
        const auto memory = s.memoryExamples(users);
        QVERIFY(!memory.empty());
        QCOMPARE(memory.front().task, methods::TaskKind::NextItem);
        torch::manual_seed(0);
        methods::MilpMethod m(w.decoder, *w.tokenizer, milpConfig({true, true}, 6, 16));
        std::vector<const methods::Example*> all;
        for (const auto& e : memory)
            all.push_back(&e);
        const auto lossNow = [&] {
            torch::NoGradGuard g;
            return m.loss(all).item<double>();
        };
        const double before = lossNow();
        auto o = cfg.stageOptions(40);
        o.learningRate = 1e-2;
        train::trainMethod(m, memory, {}, w.ds, o);
        const double after = lossNow();
        QVERIFY2(after < 0.7 * before, (std::to_string(before) + " -> " + std::to_string(after)).c_str());
    }

    void divergedTrialsFailWithoutEndingTheSearch()
    {
        // A decoder whose forward pass is NaN: every trial's training diverges. Each is recorded as
        // a failed trial with the trainer's reason (it used to end the search with a ConfigError),
        // none reaches the front, every hypervolume is 0, and no configuration is chosen.
        testing::TinyWorld w;
        {
            torch::NoGradGuard g;
            w.decoder->inputEmbeddingMatrix().fill_(std::nan(""));
        }
        const auto tmp = std::filesystem::path(QDir::tempPath().toStdString()) / "persona_milp_diverged";
        std::filesystem::remove_all(tmp);
        train::MilpSearch s(train::MilpRunConfig::fromJson(tinySearchJson((tmp / "run").string())), w.ds, w.decoder,
                            *w.tokenizer);
        std::vector<double> hvSeen;
        std::vector<std::string> trialLines;
        log::setMinimumLevel(log::Level::Info);
        log::setSink([&](log::Level, const std::string& text) {
            if (text.rfind("milp trial ", 0) == 0)
                trialLines.push_back(text.substr(0, text.find(':')));
        });
        const auto out = s.run([&](const search::Trial& t, const search::SearchResult&) { hvSeen.push_back(t.hypervolume); });
        log::setSink(nullptr);
        log::setMinimumLevel(log::Level::Warning);
        // The log numbers trials as the CLI and the workbench's trial table do: 1 to 4 of 4.
        QCOMPARE(trialLines, (std::vector<std::string>{"milp trial 1/4", "milp trial 2/4", "milp trial 3/4", "milp trial 4/4"}));
        QCOMPARE(out.search.trials.size(), std::size_t(4));
        QCOMPARE(hvSeen, std::vector<double>(4, 0.0));
        QCOMPARE(out.search.hypervolumes, std::vector<double>(4, 0.0));
        for (const auto& t : out.search.trials)
            QVERIFY2(t.failure.find("diverged") != std::string::npos, t.failure.c_str());
        QVERIFY(out.search.paretoFront.empty());
        QCOMPARE(out.search.chosen, -1);
        QVERIFY(out.runDir.empty() && !out.cancelled);
        QCOMPARE(s.trialResults().size(), std::size_t(4));
        QVERIFY(s.trialResults()[0].trainSeconds > 0.0);
        QVERIFY(out.metrics["trials"][0]["failed"].get<bool>());
        QVERIFY(out.metrics["trials"][0]["failure"].get<std::string>().find("diverged") != std::string::npos);
        QCOMPARE(out.metrics["timing"]["failedTrials"].get<int>(), 4);
        QCOMPARE(milpLoraCount(*w.decoder), 0); // a failed trial removes its modules too
        std::filesystem::remove_all(tmp);
    }

    void searchEndToEndWithStoreAndMemoryPass()
    {
        const auto tmp = std::filesystem::path(QDir::tempPath().toStdString()) / "persona_milp_e2e";
        std::filesystem::remove_all(tmp);
        std::filesystem::create_directories(tmp);
        const std::string storePath = (tmp / "store.sqlite").string();
        api::MilpRequest req{tinySearchJson((tmp / "run").string()), storePath};
        std::vector<api::MilpTrialView> seen;
        const auto out = api::runMilpSearch(req, [&](const api::MilpTrialView& v) { seen.push_back(v); });
        QCOMPARE(out.status, std::string("finished"));
        QCOMPARE(out.trials.size(), std::size_t(4));
        QCOMPARE(seen.size(), std::size_t(4));
        QVERIFY(seen[0].random && seen[1].random && !seen[2].random);
        // Every trial reports a finite hypervolume as it happens (trial 0 used to report NaN: no
        // reference point before the initial trials were done), and its timings: training and
        // validation inside the objective, GP fit and acquisition for BO trials, all within the wall.
        for (const auto& v : seen) {
            const std::string at = "trial " + std::to_string(v.trial);
            QVERIFY2(std::isfinite(v.hypervolume), at.c_str());
            QVERIFY2(!v.failed && v.failure.empty(), at.c_str());
            QVERIFY2(v.trainSeconds > 0.0 && v.validationSeconds > 0.0, at.c_str());
            QVERIFY2(v.gpSeconds >= 0.0 && v.acquisitionSeconds >= 0.0, at.c_str());
            QVERIFY2(v.trainSeconds + v.validationSeconds <= v.seconds, at.c_str());
            QVERIFY2(v.trainSeconds + v.validationSeconds + v.gpSeconds + v.acquisitionSeconds <= v.wallSeconds, at.c_str());
        }
        QVERIFY(seen[0].hypervolumeProvisional && !seen[1].hypervolumeProvisional);
        QVERIFY(seen[0].gpSeconds == 0.0 && seen[2].gpSeconds > 0.0 && seen[2].acquisitionSeconds > 0.0);
        QCOMPARE(out.timing["trials"].get<int>(), 4);
        QCOMPARE(out.timing["failedTrials"].get<int>(), 0);
        const double share = out.timing["searchShare"].get<double>();
        QVERIFY(share > 0.0 && share < 1.0);
        QVERIFY(out.timing["trainSeconds"].get<double>() + out.timing["validationSeconds"].get<double>() +
                    out.timing["searchSeconds"].get<double>() <=
                out.timing["wallSeconds"].get<double>());
        QVERIFY(out.chosen.contains("config"));
        QVERIFY(out.testMetrics.contains("f1"));
        // The test summary is the evaluator's: F1 with its precision and recall, the same as persona eval.
        for (const char* key : {"precision", "recall", "meanInputTokens", "task"})
            QVERIFY2(out.testMetrics.contains(key), key);
        QCOMPARE(out.testMetrics["f1"].get<double>(), out.testMetrics["metric"].get<double>());
        {
            store::Store st(storePath);
            const auto trials = st.boTrials(out.runId);
            QCOMPARE(trials.size(), std::size_t(4));
            QCOMPARE(trials[3].trialIndex, std::int64_t(3));
            QVERIFY(trials[0].config.contains("rank"));
            QVERIFY(trials[0].objectives.contains("valLoss"));
            for (const auto& t : trials) {
                QVERIFY(t.objectives["hypervolume"].is_number());
                for (const char* key : {"trainSeconds", "validationSeconds", "gpSeconds", "acquisitionSeconds", "wallSeconds"})
                    QVERIFY2(t.objectives[key].get<double>() >= 0.0, key);
            }
            QCOMPARE(st.run(out.runId).method, std::string("milp"));
            QCOMPARE(st.run(out.runId).status, store::RunStatus::Finished);
        }
        // The run folder reopens as a MiLP run with the chosen configuration.
        const auto metrics = nlohmann::json::parse(std::ifstream(std::filesystem::path(out.runDir) / "metrics.json"));
        QCOMPARE(metrics["trials"].size(), std::size_t(4));
        QCOMPARE(metrics["hypervolumes"].size(), std::size_t(4));
        for (const auto& hv : metrics["hypervolumes"])
            QVERIFY(hv.is_number());
        QVERIFY(metrics["trials"][2]["gpSeconds"].get<double>() > 0.0);
        QCOMPARE(metrics["timing"]["trials"].get<int>(), 4);
        QVERIFY(!metrics["paretoFront"].empty());
        const std::string ckpt = (std::filesystem::path(out.runDir) / "checkpoint.safetensors").string();
        const std::string hashBefore = sha256File(ckpt);
        {
            auto run = train::Run::open(out.runDir);
            auto* m = dynamic_cast<methods::MilpMethod*>(&run->method());
            QVERIFY(m != nullptr);
            QCOMPARE(methods::milpConfigToJson(m->config()), out.chosen["config"]);
            const auto e = run->example("1");
            QVERIFY(!e.promptIds.empty());
        }
        // The per-user pass changes the module weights in memory, never the folder.
        const nlohmann::json pass = api::runMilpMemoryPass(out.runDir, "1", 5);
        QVERIFY(pass["weightChange"].get<double>() > 0.0);
        QCOMPARE(pass["losses"].size(), std::size_t(5));
        QVERIFY(pass["after"]["memoryLoss"].get<double>() < pass["before"]["memoryLoss"].get<double>());
        QVERIFY(pass["before"].contains("output") && pass["after"].contains("output"));
        QCOMPARE(sha256File(ckpt), hashBefore);
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::runMilpMemoryPass(out.runDir, "no-such-user", 5));
        std::filesystem::remove_all(tmp);
    }
};

QTEST_APPLESS_MAIN(TestMilp)
#include "test_milp.moc"
