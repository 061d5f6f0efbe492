// Tests core/api/run_table.cpp: a config flattened to dotted settings, the settings that differ
// between runs (the Runs table's columns, in a reader's order, identity left out), the diff of two
// configs and how a value reads. The reference for the diff is the pinned preset files themselves:
// teaching and history-50 differ in exactly the three lines `diff` shows between the two files.
#include "core/api/run_table.h"

#include <QtTest/QtTest>

#include <fstream>

using nlohmann::json;
namespace api = persona::api;

namespace {

json readPreset(const std::string& name)
{
    std::ifstream in(std::string(PERSONA_TEST_DATA) + "/configs/preset-" + name + ".json");
    return json::parse(in);
}

} // namespace

class TestRunTable : public QObject {
    Q_OBJECT
private slots:
    void flattensToDottedLeaves()
    {
        const json c = json::parse(R"({"a": 1, "b": {"c": "x", "d": {"e": [1, 2]}, "f": {}}, "g": null})");
        const api::FlatConfig f = api::flattenConfig(c);
        QCOMPARE(f.size(), std::size_t(5));
        QCOMPARE(f.at("a"), json(1));
        QCOMPARE(f.at("b.c"), json("x"));
        QCOMPARE(f.at("b.d.e"), json::parse("[1, 2]")); // an array is one leaf
        QVERIFY(f.at("b.f").is_object());                // an empty object too
        QVERIFY(f.at("g").is_null());
        QVERIFY(api::flattenConfig(json::object()).empty());
        QCOMPARE(api::flattenConfig(json(3)).at(""), json(3)); // a config that is no object: one leaf
        // Every leaf of a real config, read back through settingValue.
        const json teaching = readPreset("teaching");
        const api::FlatConfig t = api::flattenConfig(teaching);
        QVERIFY(t.size() > 40);
        for (const auto& [key, value] : t)
            QCOMPARE(api::settingValue(teaching, key).value(), value);
        QVERIFY(!api::settingValue(teaching, "data.nope").has_value());
        QVERIFY(!api::settingValue(teaching, "data.historySize.deeper").has_value());
    }

    void presetsDifferWhereTheirFilesDo()
    {
        const std::vector<api::SettingChange> d = api::configDiff(readPreset("teaching"), readPreset("history-50"));
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d[0].key, std::string("data.historySize"));
        QCOMPARE(*d[0].before, json(10));
        QCOMPARE(*d[0].after, json(50));
        QCOMPARE(d[1].key, std::string("name"));
        QCOMPARE(d[2].key, std::string("persoma.summaryInput"));
        QCOMPARE(api::settingText(d[2].before), std::string("items"));
        QCOMPARE(api::settingText(d[2].after), std::string("profile"));
        QVERIFY(api::configDiff(readPreset("teaching"), readPreset("teaching")).empty());
        // A setting one side lacks: before or after is empty, and reads as a dash.
        const std::vector<api::SettingChange> m = api::configDiff(json{{"a", 1}}, json{{"a", 1}, {"b", {{"c", true}}}});
        QCOMPARE(m.size(), std::size_t(1));
        QCOMPARE(m[0].key, std::string("b.c"));
        QVERIFY(!m[0].before.has_value());
        QCOMPARE(api::settingText(m[0].before), std::string("—"));
        QCOMPARE(api::settingText(m[0].after), std::string("true"));
    }

    void differingSettingsAreTheTablesColumns()
    {
        json a = readPreset("teaching"), b = a, c = a;
        b["train"]["seed"] = 1;
        b["name"] = "seed 1";
        b["outputDir"] = "runs/b";
        c["data"]["historySize"] = 50;
        c["data"]["sampling"] = "random";
        c["models"]["extra"] = 2; // only in one config: differs
        const std::vector<std::string> cols = api::differingSettings({a, b, c});
        // A reader's order first (history, sampling, seed), then the rest by name; no identity.
        const std::vector<std::string> expected{"data.historySize", "data.sampling", "train.seed", "models.extra"};
        QCOMPARE(cols, expected);
        QVERIFY(api::differingSettings({a, a}).empty());
        QVERIFY(api::isIdentitySetting("outputDir") && api::isIdentitySetting("name"));
        QVERIFY(!api::isIdentitySetting("train.seed"));
        // A config that is no object still compares (an old record): every setting differs.
        QCOMPARE(api::differingSettings({json{{"x", 1}}, json("old")}).size(), std::size_t(2));
    }

    void valuesReadAsAReaderWritesThem()
    {
        QCOMPARE(api::settingText(json(0.001)), std::string("0.001"));
        QCOMPARE(api::settingText(json(1e-3 * 3)), std::string("0.003"));
        QCOMPARE(api::settingText(json(10)), std::string("10"));
        QCOMPARE(api::settingText(json(2.0)), std::string("2"));
        QCOMPARE(api::settingText(json("random")), std::string("random"));
        QCOMPARE(api::settingText(json(false)), std::string("false"));
        QCOMPARE(api::settingText(json::parse("[1,\"a\"]")), std::string("[1,\"a\"]"));
        QCOMPARE(api::settingText(json(nullptr)), std::string("null"));
    }
};

QTEST_APPLESS_MAIN(TestRunTable)
#include "test_run_table.moc"
