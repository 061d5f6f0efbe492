// Tests the one list of run presets (core/train/presets.h) as the API and `persona train --preset`
// use it, composing a run config from a preset, a config file and a dataset, and the
// personalization verdict (core/api/diagnostics.h) the CLI and the GUI show beside the scores.
#include "core/api/diagnostics.h"
#include "core/api/training.h"
#include "core/common/error.h"
#include "core/train/presets.h"
#include "core/train/run_config.h"
#include "nn_test_util.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <set>

using namespace persona;

class TestPresets : public QObject {
    Q_OBJECT

private slots:
    void everyPresetIsAValidFullConfig()
    {
        const auto presets = api::runPresets();
        QVERIFY(presets.size() >= 5);
        QCOMPARE(presets.front().name, std::string("default"));
        std::set<std::string> names;
        for (const auto& p : presets) {
            QVERIFY2(names.insert(p.name).second, p.name.c_str());
            QVERIFY(!p.title.empty() && !p.description.empty());
            const nlohmann::json c = api::presetRunConfig(p.name);
            // Every field, and the preset's own overrides in it.
            QVERIFY(train::RunConfig::fromJson(c).toJson() == c);
            nlohmann::json want = train::RunConfig().toJson();
            want.merge_patch(train::findPreset(p.name).overrides);
            QVERIFY2(train::RunConfig::fromJson(want).toJson() == c, p.name.c_str());
        }
        QVERIFY(names.count("teaching"));
        QVERIFY(api::presetRunConfig("default") == api::defaultRunConfig());
        const nlohmann::json t = api::presetRunConfig("teaching");
        QCOMPARE(t["method"].get<std::string>(), std::string("persoma"));
        QVERIFY(t["train"]["steps"].get<int>() < train::RunConfig().train.steps);
    }

    void unknownPresetNamesTheKnownOnes()
    {
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { api::presetRunConfig("teachin"); },
                                                   {"'teachin'", "default", "teaching"}));
    }

    void composeFromPresetFileAndDataset()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.json").toStdString();
        std::ofstream(path) << R"({"train": {"steps": 7}, "data": {"sampling": "random"}})";
        const nlohmann::json c = api::composeRunConfig("teaching", path, "/data/ml-latest-small");
        QCOMPARE(c["train"]["steps"].get<int>(), 7);
        QCOMPARE(c["data"]["sampling"].get<std::string>(), std::string("random"));
        QCOMPARE(c["data"]["historySize"], api::presetRunConfig("teaching")["data"]["historySize"]);
        QCOMPARE(c["train"]["batchSize"], api::presetRunConfig("teaching")["train"]["batchSize"]);
        QCOMPARE(c["data"]["dataset"].get<std::string>(), std::string("/data/ml-latest-small"));
        QCOMPARE(c["name"].get<std::string>(), std::string("teaching"));
        // Without a preset the file goes over the defaults.
        QCOMPARE(api::composeRunConfig("", path, "")["data"]["historySize"], api::defaultRunConfig()["data"]["historySize"]);
        // A bad field in the file is refused naming the file and the field.
        std::ofstream(path) << R"({"train": {"stepz": 7}})";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { api::composeRunConfig("teaching", path, ""); }, {path, "train.stepz"}));
        std::ofstream(path) << R"({"data": {"historySize": 0}})";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { api::composeRunConfig("teaching", path, ""); }, {path, "data.historySize"}));
        QVERIFY(nn_test::throwsNaming<IoError>([&] { api::composeRunConfig("", dir.filePath("none.json").toStdString(), ""); },
                                               {"none.json"}));
    }

    void personalizationVerdict()
    {
        nlohmann::json e = {{"users", 94},         {"distinctOutputs", 1}, {"f1", 0.145}, {"crossUserF1", 0.145},
                            {"loss", 0.70},        {"swappedHistoryLoss", 0.70}};
        auto r = api::personalizationReport(e);
        QCOMPARE(r.level, api::Personalization::None);
        QVERIFY(r.sentence.find("94") != std::string::npos);
        e["distinctOutputs"] = 30;
        e["f1"] = 0.15;
        e["crossUserF1"] = 0.145;
        r = api::personalizationReport(e);
        QCOMPARE(r.level, api::Personalization::Weak); // answers fit other users' truths as well
        QVERIFY(r.sentence.find("other users") != std::string::npos);
        e["f1"] = 0.30;
        e["swappedHistoryLoss"] = 0.80;
        r = api::personalizationReport(e);
        QCOMPARE(r.level, api::Personalization::Personal);
        QVERIFY(std::abs(r.personalF1 - 0.155) < 1e-12);
        QVERIFY(std::abs(r.lossGap - 0.10) < 1e-12);
        e["distinctOutputs"] = 10; // fewer than a fifth of 94 users
        QCOMPARE(api::personalizationReport(e).level, api::Personalization::Weak);
        e["distinctOutputs"] = 30;
        e["swappedHistoryLoss"] = 0.701; // another user's history barely matters
        QCOMPARE(api::personalizationReport(e).level, api::Personalization::Weak);
        e["swappedHistoryLoss"] = 0.80;
        e["userTokenSpread"] = 0.001; // soft tokens identical across users
        e["userTokenNorm"] = 38.0;
        e["vocabularyNorm"] = 3.2;
        r = api::personalizationReport(e);
        QCOMPARE(r.level, api::Personalization::None);
        QVERIFY2(r.sentence.find("11.9x") != std::string::npos, r.sentence.c_str());
        QVERIFY(r.sentence.find("summary tokens") == std::string::npos && std::isnan(r.readoutF1));
        e["readoutF1"] = 0.2134;
        r = api::personalizationReport(e);
        QCOMPARE(r.readoutF1, 0.2134);
        QVERIFY2(r.sentence.find("spell answers at F1 0.213") != std::string::npos, r.sentence.c_str());
        // Too little to judge.
        QCOMPARE(api::personalizationReport({{"users", 1}, {"distinctOutputs", 1}}).level, api::Personalization::Unknown);
        QCOMPARE(api::personalizationReport(nlohmann::json::array()).level, api::Personalization::Unknown);
        QCOMPARE(std::string(api::personalizationName(api::Personalization::Weak)), std::string("weak"));
    }
};

QTEST_APPLESS_MAIN(TestPresets)
#include "test_presets.moc"
