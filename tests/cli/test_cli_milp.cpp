// `persona milp` as a user runs it, on the tiny decoder with a tokenizer (tests/data/nn/
// tiny_llama_bpe) and the mini RecBole data: a 3-trial search with a store (JSON, a progress line per
// trial on stderr, a reopenable run folder that `persona predict` runs), the per-user memory pass,
// and config errors (exit code 2) before anything runs.
#include "cli_runner.h"
#include "tests/core/tiny_configs.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <map>

namespace {

nlohmann::json tinyConfig(const QString& outDir)
{
    // 3 trials of 2 + 2 steps, the default seed and windows per user.
    nlohmann::json j = persona::testing::tinyMilpJson("cli-milp", outDir.toStdString());
    j["search"].update({{"seed", 0}, {"totalTrials", 3}, {"stage1Steps", 2}, {"stage2Steps", 2}, {"windowsPerUser", 3},
                        {"countMax", 4}});
    return j;
}

QString writeConfig(const QTemporaryDir& dir, const nlohmann::json& j, const QString& name = "milp.json")
{
    const QString path = dir.filePath(name);
    std::ofstream(path.toStdString()) << j.dump(2);
    return path;
}

} // namespace

class TestCliMilp : public QObject {
    Q_OBJECT

private slots:
    void searchThenPredictThenMemoryPass()
    {
        QTemporaryDir dir;
        const QString runDir = dir.filePath("run");
        const QString cfg = writeConfig(dir, tinyConfig(runDir));
        const auto r = runPersona({"milp", "--config", cfg, "--store", dir.filePath("store.sqlite"), "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.json();
        QCOMPARE(j["status"].get<std::string>(), std::string("finished"));
        QCOMPARE(j["trials"].size(), std::size_t(3));
        QVERIFY(j["runId"].get<std::int64_t>() > 0);
        QVERIFY(!j["paretoFront"].empty());
        QVERIFY(j["chosen"].contains("config"));
        QVERIFY(j["testMetrics"].contains("f1"));
        QCOMPARE(r.err.count("trial "), 3);
        QVERIFY2(!r.err.contains("HV nan"), qPrintable(r.err));
        for (const auto& t : j["trials"]) {
            QVERIFY(t["hypervolume"].is_number() && !t["failed"].get<bool>());
            QVERIFY(t["trainSeconds"].get<double>() + t["validationSeconds"].get<double>() + t["gpSeconds"].get<double>() +
                        t["acquisitionSeconds"].get<double>() <=
                    t["wallSeconds"].get<double>());
        }
        QCOMPARE(j["timing"]["trials"].get<int>(), 3);
        QVERIFY(j["timing"]["searchShare"].get<double>() >= 0.0);

        const auto p = runPersona({"predict", "--run", runDir, "--user", "1", "--json"});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        QCOMPARE(p.json()["method"].get<std::string>(), std::string("milp"));
        QCOMPARE(p.json()["task"].get<std::string>(), std::string("genres"));
        QVERIFY(p.json()["f1"].is_number() && p.json()["truth"].contains("liked"));
        // What the method saw: the sampled items and its text prompt (MiLP prompts with text).
        QCOMPARE(p.json()["shownItems"].size(), std::size_t(p.json()["historyItems"].get<int>()));
        QVERIFY(!p.json()["input"].get<std::string>().empty());
        // Several users: one array, in order, the first user's entry the same as predicting it alone.
        const auto many = runPersona({"predict", "--run", runDir, "--user", "1", "--user", "2", "--json"});
        QVERIFY2(many.exitCode == 0, qPrintable(many.err));
        QCOMPARE(many.json().size(), std::size_t(2));
        QCOMPARE(many.json()[0]["output"], p.json()["output"]);
        QCOMPARE(many.json()[1]["user"].get<std::string>(), std::string("2"));
        const auto unknown = runPersona({"predict", "--run", runDir, "--user", "1", "--user", "nobody", "--json"});
        QVERIFY(unknown.exitCode != 0);
        QVERIFY2(unknown.err.contains("nobody"), qPrintable(unknown.err));

        // Item attribution (one input scored at a time through MiLP's loss): an entry per shown
        // item, the CSV beside the JSON; an unknown user fails naming it, with no CSV written.
        const QString csv = dir.filePath("explain.csv");
        const auto x = runPersona({"explain", "--run", runDir, "--user", "1", "--csv", csv, "--json"});
        QVERIFY2(x.exitCode == 0, qPrintable(x.err));
        const auto xj = x.json();
        QCOMPARE(xj["method"].get<std::string>(), std::string("milp"));
        QCOMPARE(xj["output"], p.json()["output"]);
        QCOMPARE(xj["items"].size(), p.json()["shownItems"].size());
        // The tiny MiLP decoder writes its blank answer with probability about 1: log p is 0 or just below.
        QVERIFY(xj["scored"].get<bool>() && xj["answerLogProb"].get<double>() <= 0.0 && xj["truthLogProb"].get<double>() < 0.0);
        for (const auto& item : xj["items"])
            QVERIFY(item["leftOut"]["answerDelta"].is_number() && item["leftOut"].contains("appeared"));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(std::size_t(csvFile.readAll().count('\n')), xj["items"].size() + 1);
        const QString noCsv = dir.filePath("none.csv");
        const auto nobody = runPersona({"explain", "--run", runDir, "--user", "nobody", "--csv", noCsv});
        QCOMPARE(nobody.exitCode, 2);
        QVERIFY2(nobody.err.contains("nobody"), qPrintable(nobody.err));
        QVERIFY(!QFile::exists(noCsv));

        // What-if through the CLI: the latest item dropped and another re-rated; the original as
        // predicted alone; an off-scale rating refused (exit 2) naming the scale.
        const auto w = runPersona({"predict", "--run", runDir, "--user", "1", "--drop", "4", "--rate", "1=1", "--json"});
        QVERIFY2(w.exitCode == 0, qPrintable(w.err));
        const nlohmann::json wj = w.json();
        QCOMPARE(wj["original"]["output"], p.json()["output"]);
        QCOMPARE(wj["edits"].size(), std::size_t(2));
        QVERIFY(wj["original"]["shownItems"].dump().find("(rated 2)") != std::string::npos);
        QVERIFY(wj["edited"]["shownItems"].dump().find("(rated 1)") != std::string::npos);
        const auto off = runPersona({"predict", "--run", runDir, "--user", "1", "--rate", "1=9"});
        QCOMPARE(off.exitCode, 2);
        QVERIFY2(off.err.contains("outside the dataset's scale 1 to 5"), qPrintable(off.err));
        const auto two = runPersona({"predict", "--run", runDir, "--user", "1", "--user", "2", "--drop", "4"});
        QCOMPARE(two.exitCode, 2);

        // Slices by user attributes: their users add up to the split's; an attribute the data lacks
        // fails before anything is generated, naming those it has.
        const auto sl = runPersona({"eval", "--run", runDir, "--slice-by", "history,genres", "--json"});
        QVERIFY2(sl.exitCode == 0, qPrintable(sl.err));
        const nlohmann::json slj = sl.json();
        std::map<std::string, std::size_t> users;
        for (const auto& s : slj["slices"])
            users[s["attribute"].get<std::string>()] += s["users"].get<std::size_t>();
        QCOMPARE(users["history"], slj["users"].get<std::size_t>());
        QCOMPARE(users["genres"], slj["users"].get<std::size_t>());
        QCOMPARE(slj["sliceAttributes"][0].get<std::string>(), std::string("age")); // mini.user beside mini.inter
        const auto zip = runPersona({"eval", "--run", runDir, "--slice-by", "zip_code"});
        QCOMPARE(zip.exitCode, 2);
        QVERIFY2(zip.err.contains("'zip_code'") && zip.err.contains("age, gender, occupation, history, rating, genres"),
                 qPrintable(zip.err));

        // Reports: a user's (MiLP answers without soft prompts; its attribution rows), a run's with
        // every slice; an existing file is kept unless --force; an unknown user writes nothing.
        const QString userHtml = dir.filePath("user-1.html");
        const auto ur = runPersona({"report", "--run", runDir, "--user", "1", "--output", userHtml, "--json"});
        QVERIFY2(ur.exitCode == 0, qPrintable(ur.err));
        QCOMPARE(ur.json()["kind"].get<std::string>(), std::string("user"));
        QFile userFile(userHtml);
        QVERIFY(userFile.open(QIODevice::ReadOnly));
        const QString userText = QString::fromUtf8(userFile.readAll());
        QCOMPARE(userText.count(QStringLiteral("<tr class=\"shown\">")), int(xj["items"].size()));
        QVERIFY(userText.contains(QStringLiteral("Item attribution")) && !userText.contains(QStringLiteral("Soft-prompt neighbours")));
        const auto again = runPersona({"report", "--run", runDir, "--user", "1", "--output", userHtml, "--no-attribution"});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("already exists; pass --force"), qPrintable(again.err));
        QVERIFY(runPersona({"report", "--run", runDir, "--user", "1", "--output", userHtml, "--no-attribution", "--force"}).exitCode == 0);
        const QString nobodyHtml = dir.filePath("nobody.html");
        const auto nr = runPersona({"report", "--run", runDir, "--user", "nobody", "--output", nobodyHtml});
        QCOMPARE(nr.exitCode, 2);
        QVERIFY2(nr.err.contains("nobody"), qPrintable(nr.err));
        QVERIFY(!QFile::exists(nobodyHtml));
        const QString runHtml = dir.filePath("run.html");
        const auto rr = runPersona({"report", "--run", runDir, "--output", runHtml, "--worst", "2", "--json"});
        QVERIFY2(rr.exitCode == 0, qPrintable(rr.err));
        QFile runFile(runHtml);
        QVERIFY(runFile.open(QIODevice::ReadOnly));
        const QString runText = QString::fromUtf8(runFile.readAll());
        for (const char* attribute : {"age", "gender", "occupation", "history", "rating", "genres"})
            QVERIFY2(runText.contains(QStringLiteral("<tr><td>%1</td>").arg(QLatin1String(attribute))), attribute);
        QVERIFY(runText.contains(QStringLiteral("Users it answers worst")));
        QVERIFY(runText.contains(QStringLiteral("lowest of %1 users").arg(rr.json()["bytes"].is_number() ? sl.json()["users"].get<int>() : -1)));
        const auto three = runPersona({"report", "--run", runDir, "--run", runDir, "--run", runDir, "--output", dir.filePath("x.html")});
        QCOMPARE(three.exitCode, 2);

        const auto m = runPersona({"milp", "--run", runDir, "--user", "1", "--steps", "3", "--json"});
        QVERIFY2(m.exitCode == 0, qPrintable(m.err));
        const auto mj = m.json();
        QVERIFY(mj["before"].contains("output") && mj["after"].contains("output"));
        QVERIFY(mj["weightChange"].get<double>() > 0.0);
        QCOMPARE(mj["losses"].size(), std::size_t(3));
    }

    void badConfigsFailBeforeRunning()
    {
        QTemporaryDir dir;
        auto j = tinyConfig(dir.filePath("run"));
        j["search"]["ranks"] = {8, 12};
        auto r = runPersona({"milp", "--config", writeConfig(dir, j, "a.json"), "--json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("search.ranks"), qPrintable(r.err));

        j = tinyConfig(dir.filePath("run"));
        j["search"]["searchLayers"] = false;
        j["search"]["searchCount"] = false;
        j["search"]["searchRank"] = false;
        r = runPersona({"milp", "--config", writeConfig(dir, j, "b.json")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("empty search space"), qPrintable(r.err));

        j = tinyConfig(dir.filePath("run"));
        j["search"]["searchLayers"] = false;
        j["search"]["fixed"] = {{"layers", {0, 40}}};
        r = runPersona({"milp", "--config", writeConfig(dir, j, "c.json"), "--store", dir.filePath("s.sqlite")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("40"), qPrintable(r.err));
        QVERIFY(!r.err.contains("trial "));
        QVERIFY(!QFile::exists(dir.filePath("run")));
        QVERIFY(!QFile::exists(dir.filePath("s.sqlite")));

        r = runPersona({"milp", "--print-default-config"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.json()["search"].contains("ranks"));
    }
};

QTEST_APPLESS_MAIN(TestCliMilp)
#include "test_cli_milp.moc"
