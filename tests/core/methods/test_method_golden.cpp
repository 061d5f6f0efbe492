// Pins what the method registry work (issue 31) must not change: the JSON layout of the default
// run config, of every preset and of the default MiLP config (tests/data/configs/*.json), and the
// training losses of each method on the tiny fixtures with a fixed seed
// (tests/data/configs/method-losses.json). The files were written by the build before the methods
// moved into their folders; a difference is a change of behaviour, not of code layout.
// PERSONA_UPDATE_GOLDEN=1 rewrites them (only for a deliberate change, said in the commit).
#include "core/api/milp.h"
#include "core/api/training.h"
#include "core/common/json_fields.h"
#include "core/common/json_file.h"
#include "core/train/presets.h"
#include "core/train/run.h"
#include "core/train/run_config.h"
#include "tiny_configs.h"
#include "tiny_run_folder.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <cmath>
#include <cstdlib>

using namespace persona;

namespace {

std::string configFile(const std::string& name)
{
    return std::string(PERSONA_TEST_DATA) + "/configs/" + name;
}

bool updating()
{
    const char* v = std::getenv("PERSONA_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

// The configs of the pinned runs: every method that trains, and counting (which only evaluates).
std::vector<std::pair<std::string, nlohmann::json>> pinnedRuns(const std::string& root)
{
    std::vector<std::pair<std::string, nlohmann::json>> runs;
    runs.emplace_back("persoma-mlp-frozen", testing::tinyPersomaJson("mlp", root + "/mlp", 4, 0));
    nlohmann::json perceiver = testing::tinyRunConfig(root + "/perceiver", "persoma", 4);
    perceiver["persoma"]["sketchWarmupSteps"] = 2;
    runs.emplace_back("persoma-perceiver-full", perceiver);
    nlohmann::json text = testing::tinyRunConfig(root + "/text", "text", 4);
    text["decoder"] = {{"mode", "lora"}, {"loraRank", 2}, {"loraAlpha", 4.0}};
    text["data"]["historySize"] = 2; // a text prompt of 4 items outgrows the tiny decoder's context
    text["train"]["maxNewTokens"] = 8;
    runs.emplace_back("text-lora", text);
    nlohmann::json milp = testing::tinyRunConfig(root + "/milp", "milp", 4);
    milp["decoder"]["mode"] = "frozen";
    milp["milp"] = {{"layers", {1}}, {"modules", 2}, {"rank", 8}, {"loraScale", 2.0}};
    milp["data"]["historySize"] = 2;
    milp["train"]["maxNewTokens"] = 8;
    runs.emplace_back("milp", milp);
    runs.emplace_back("counting", testing::tinyRunConfig(root + "/counting", "counting", 0));
    return runs;
}

} // namespace

class TestMethodGolden : public QObject {
    Q_OBJECT

private slots:
    void configLayoutIsPinned()
    {
        std::vector<std::pair<std::string, nlohmann::json>> configs;
        for (const auto& p : train::runPresets())
            configs.emplace_back("preset-" + p.name + ".json", train::presetConfig(p.name));
        configs.emplace_back("milp-default.json", api::defaultMilpConfig());
        for (const char* m : {"text", "zero-shot", "counting"}) {
            nlohmann::json j = train::RunConfig().toJson();
            j["method"] = m;
            if (std::string(m) == "text")
                j["decoder"]["mode"] = "lora";
            configs.emplace_back(std::string("method-") + m + ".json", train::RunConfig::fromJson(j).toJson());
        }
        QVERIFY(configs.size() >= 10);
        for (const auto& [file, got] : configs) {
            if (updating()) {
                writeJsonFile(configFile(file), got);
                continue;
            }
            const nlohmann::json want = readJsonFile(configFile(file), kMaxConfigFileBytes, "pinned config");
            QVERIFY2(got == want, (file + ": the run config's layout changed; differences: " +
                                   nlohmann::json::diff(want, got).dump()).c_str());
        }
    }

    void methodLossesArePinned()
    {
        QTemporaryDir dir;
        nlohmann::json got = nlohmann::json::object();
        for (const auto& [name, config] : pinnedRuns(dir.path().toStdString())) {
            nlohmann::json metrics;
            try {
                train::Run run(train::RunConfig::fromJson(config));
                metrics = run.trainAndSave();
            } catch (const std::exception& e) {
                QFAIL((name + ": " + e.what()).c_str());
            }
            nlohmann::json entry = {{"method", metrics["method"]}};
            if (metrics.contains("train"))
                entry["losses"] = metrics["train"]["losses"];
            if (name == "counting") // deterministic counts: its scores are exact
                for (const char* k : {"f1", "crossUserF1", "distinctOutputs", "users"})
                    entry["test"][k] = metrics["test"][k];
            got[name] = entry;
        }
        const std::string path = configFile("method-losses.json");
        if (updating()) {
            writeJsonFile(path, got);
            return;
        }
        const nlohmann::json want = readJsonFile(path, kMaxConfigFileBytes, "pinned losses");
        QCOMPARE(got.size(), want.size());
        for (const auto& [name, w] : want.items()) {
            QVERIFY2(got.contains(name), name.c_str());
            const nlohmann::json& g = got[name];
            QCOMPARE(g["method"], w["method"]);
            if (w.contains("test"))
                QVERIFY2(g["test"] == w["test"], (name + ": " + nlohmann::json::diff(w["test"], g["test"]).dump()).c_str());
            if (!w.contains("losses"))
                continue;
            QVERIFY2(g.contains("losses") && g["losses"].size() == w["losses"].size(), name.c_str());
            QVERIFY(!w["losses"].empty());
            for (std::size_t i = 0; i < w["losses"].size(); ++i) {
                const double a = g["losses"][i].get<double>(), b = w["losses"][i].get<double>();
                // Relative 2e-5: other CPUs' kernels (AVX2, AVX-512, AMX) round differently.
                QVERIFY2(std::abs(a - b) <= 2e-5 * std::max(1.0, std::abs(b)),
                         (name + " step " + std::to_string(i + 1) + ": loss " + std::to_string(a) + ", pinned " +
                          std::to_string(b))
                             .c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestMethodGolden)
#include "test_method_golden.moc"
