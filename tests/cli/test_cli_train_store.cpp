// Runs the real `persona train` on the tiny model files with a store in a temp folder: SIGKILL at
// seeded points (after N progress lines) leaves a sound store whose run reads 'interrupted' with a
// gap-free curve up to runs.last_step, and `persona train --resume --threads 2` finishes it on more
// threads than its config; SIGTERM cancels with exit code 130 and a resume hint; `persona runs
// show` displays the curves and predictions; `persona eval --checkpoint N` scores a step
// checkpoint.
#include "cli_runner.h"
#include "store_checks.h"

#include "core/store/store.h"

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <fstream>
#include <random>
#include <map>
#include <set>

using namespace persona;

namespace {

const std::string kTiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train";
constexpr int kSteps = 120;

std::string writeConfig(const QTemporaryDir& dir)
{
    const nlohmann::json c = {
        {"name", "kill-test"},
        {"method", "persoma"},
        {"outputDir", dir.path().toStdString() + "/run"},
        {"models", {{"decoder", kTiny + "/decoder"}, {"encoder", kTiny + "/encoder"}, {"device", "cpu"},
                    {"threads", 1}, {"cacheDir", ""}}},
        {"data", {{"dataset", kTiny + "/dataset"}, {"minItemRatings", 0}, {"historySize", 4}, {"promptStyle", "plain"},
                  {"maxValUsers", 2}, {"maxTestUsers", 3}}},
        {"persoma", {{"adapter", "mlp"}, {"hidden", 16}, {"mlpLayers", 1}, {"taskTokens", 2}}},
        {"train", {{"steps", kSteps}, {"batchSize", 16}, {"evalEvery", 20}, {"patience", 0}, {"learningRate", 0.01},
                   {"warmupSteps", 2}, {"maxNewTokens", 3}, {"seed", 3}}}};
    const std::string path = dir.path().toStdString() + "/config.json";
    std::ofstream(path) << c.dump(2);
    return path;
}

// Starts persona with `args`, waits for `lines` progress lines ("step i/n") on stderr, then sends
// SIGKILL (or SIGTERM when terminate is set) and waits for the end. Returns the stderr seen.
struct Interrupted {
    int stepLines = 0;
    QString err;
    int exitCode = -1;
    bool crashed = false;
};
Interrupted interruptAfter(const QStringList& args, int lines, bool terminate)
{
    QProcess p;
    p.start(PERSONA_CLI_PATH, args);
    Interrupted r;
    QElapsedTimer timer;
    timer.start();
    while (r.stepLines < lines && timer.elapsed() < 120000) {
        if (!p.waitForReadyRead(1000) && p.state() == QProcess::NotRunning)
            break;
        r.err += QString::fromUtf8(p.readAllStandardError());
        r.stepLines = static_cast<int>(r.err.count(QRegularExpression("(^|\\n)step \\d+/")));
    }
    if (terminate)
        p.terminate();
    else
        p.kill();
    p.waitForFinished(60000);
    r.err += QString::fromUtf8(p.readAllStandardError());
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    return r;
}

std::int64_t checkStore(const std::string& storePath, std::int64_t runId, store::RunStatus expected)
{
    return checkRunInStore(storePath, runId, expected, {"train_loss", "smoothed_loss", "learning_rate", "tokens_per_second"});
}

std::int64_t onlyRunId(const std::string& storePath)
{
    store::Store st(storePath);
    const auto runs = st.listRuns();
    return runs.size() == 1 ? runs[0].id : -1;
}

} // namespace

class TestCliTrainStore : public QObject {
    Q_OBJECT

private slots:
    // The presets the Method view offers, from the command line; data that cannot fit the config
    // is refused before training, naming the value.
    void presetsAndDataThatDoesNotFit()
    {
        const CliResult list = runPersona({"train", "--list-presets", "--json"});
        QCOMPARE(list.exitCode, 0);
        std::set<std::string> names;
        for (const auto& p : list.json())
            names.insert(p.at("name").get<std::string>());
        QVERIFY(names.count("default") && names.count("teaching") && names.count("history-50"));
        // The methods a config can name, from the core's registry.
        const CliResult methods = runPersona({"train", "--list-methods", "--json"});
        QCOMPARE(methods.exitCode, 0);
        std::map<std::string, nlohmann::json> byName;
        for (const auto& m : methods.json())
            byName[m.at("name").get<std::string>()] = m;
        QCOMPARE(byName.size(), std::size_t(6));
        QVERIFY(byName.count("user-llm") && !byName["user-llm"].at("softPrompt").get<bool>()); // vectors, not soft tokens
        QVERIFY(byName.count("persoma") && byName.count("text") && byName.count("zero-shot") && byName.count("counting"));
        QCOMPARE(byName["milp"].at("driver").get<std::string>(), std::string("search"));
        QVERIFY(!byName["zero-shot"].at("trains").get<bool>() && byName["persoma"].at("softPrompt").get<bool>());
        QCOMPARE(byName["zero-shot"].at("aliases")[0].get<std::string>(), std::string("zeroshot"));
        const CliResult plain = runPersona({"train", "--list-methods"});
        QVERIFY2(plain.exitCode == 0 && plain.out.contains("zero-shot\tText prompting (zero-shot) (trains nothing)"),
                 qPrintable(plain.out));
        const CliResult teaching = runPersona({"train", "--print-preset", "teaching"});
        QCOMPARE(teaching.exitCode, 0);
        QCOMPARE(teaching.json()["name"].get<std::string>(), std::string("teaching"));
        QVERIFY(teaching.json()["train"]["steps"].get<int>() > 0);
        QCOMPARE(teaching.json()["persoma"]["summaryInput"].get<std::string>(), std::string("items"));
        const CliResult h50 = runPersona({"train", "--print-preset", "history-50"});
        QCOMPARE(h50.exitCode, 0);
        QCOMPARE(h50.json()["data"]["historySize"].get<int>(), 50);
        QCOMPARE(h50.json()["persoma"]["summaryInput"].get<std::string>(), std::string("profile"));
        const CliResult unknown = runPersona({"train", "--preset", "teachng", "--no-store"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("'teachng'") && unknown.err.contains("teaching"), qPrintable(unknown.err));

        QTemporaryDir dir;
        const std::string config = writeConfig(dir);
        auto withData = [&](const nlohmann::json& data) {
            nlohmann::json c = nlohmann::json::parse(std::ifstream(config));
            c["data"].merge_patch(data);
            const std::string path = dir.path().toStdString() + "/bad.json";
            std::ofstream(path) << c.dump();
            return runPersona({"train", "--config", QString::fromStdString(path), "--no-store"});
        };
        const CliResult tooLong = withData({{"historySize", 500}});
        QCOMPARE(tooLong.exitCode, 2);
        QVERIFY2(tooLong.err.contains("data.historySize 500") && tooLong.err.contains("longest has"), qPrintable(tooLong.err));
        const CliResult noTest = withData({{"split", {{"train", 0.95}, {"validation", 0.05}, {"test", 0.0}}}});
        QCOMPARE(noTest.exitCode, 2);
        QVERIFY2(noTest.err.contains("no test user"), qPrintable(noTest.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("run")));
        // --dataset replaces the config's data.dataset; a folder that is not there is named.
        const CliResult missing = runPersona({"train", "--config", QString::fromStdString(config), "--dataset",
                                              dir.filePath("no-such-dataset"), "--no-store"});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no-such-dataset"), qPrintable(missing.err));
        const CliResult resume = runPersona({"train", "--resume", "1", "--preset", "teaching", "--store", dir.filePath("s.sqlite")});
        QCOMPARE(resume.exitCode, 2);
        QVERIFY2(resume.err.contains("--preset"), qPrintable(resume.err));
    }

    void killNineThenResume()
    {
        QTemporaryDir dir;
        const std::string config = writeConfig(dir);
        const QString storePath = dir.path() + "/store.sqlite";
        const std::string store = storePath.toStdString();
        std::mt19937 rng(20261121);
        QStringList args = {"train", "--config", QString::fromStdString(config), "--store", storePath,
                            "--checkpoint-every", "7"};
        std::int64_t id = -1;
        std::int64_t lastStep = 0;
        for (int round = 0; round < 3; ++round) {
            const int remaining = kSteps - static_cast<int>(lastStep);
            const int lines = 2 + static_cast<int>(rng() % static_cast<unsigned>(std::max(3, remaining / 4)));
            const Interrupted r = interruptAfter(args, lines, false);
            QVERIFY2(r.crashed, qPrintable("persona was not killed (it ended first?):\n" + r.err.right(2000)));
            QVERIFY2(r.stepLines >= lines, qPrintable(r.err.right(2000)));
            id = onlyRunId(store);
            QVERIFY(id > 0);
            try {
                lastStep = checkStore(store, id, store::RunStatus::Interrupted);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("round %1 (killed after %2 lines): %3").arg(round).arg(lines).arg(e.what())));
            }
            qInfo("round %d: killed after %d progress lines, run %lld at last_step %lld", round, lines,
                  static_cast<long long>(id), static_cast<long long>(lastStep));
            QVERIFY(lastStep >= 1 && lastStep < kSteps);
            args = {"train", "--resume", QString::number(id), "--store", storePath, "--checkpoint-every", "7"};
        }
        // The last leg gets more threads than the recorded config's one (--threads on a resume).
        args += QStringList{"--threads", "2"};
        const CliResult done = runPersona(args + QStringList{"--json"});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err.right(3000)));
        const auto out = done.json();
        QCOMPARE(out["runId"].get<std::int64_t>(), id);
        QCOMPARE(out["status"].get<std::string>(), std::string("finished"));
        QVERIFY(out["resumedFromStep"].get<int>() > 0);
        QCOMPARE(out["threads"]["requested"].get<int>(), 2);
        try {
            QCOMPARE(checkStore(store, id, store::RunStatus::Finished), std::int64_t(kSteps));
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }

        // `persona runs show` displays the curves and predictions of the run.
        const CliResult show = runPersona({"runs", "show", QString::number(id), "--store", storePath, "--json"});
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
        const auto j = show.json();
        QCOMPARE(j["status"].get<std::string>(), std::string("finished"));
        bool sawLoss = false;
        for (const auto& m : j["metrics"])
            if (m["name"] == "train_loss") {
                sawLoss = true;
                QCOMPARE(m["points"].get<std::int64_t>(), std::int64_t(kSteps));
                QCOMPARE(m["last_step"].get<std::int64_t>(), std::int64_t(kSteps));
            }
        QVERIFY(sawLoss);
        QCOMPARE(j["predictions"].get<std::size_t>(), std::size_t(3));
        const CliResult text = runPersona({"runs", "show", QString::number(id), "--store", storePath});
        QVERIFY(text.exitCode == 0 && text.out.contains("train_loss") && text.out.contains("val_f1"));
    }

    void sigtermCancelsResumably()
    {
        QTemporaryDir dir;
        const std::string config = writeConfig(dir);
        const QString storePath = dir.path() + "/store.sqlite";
        const Interrupted r = interruptAfter({"train", "--config", QString::fromStdString(config), "--store", storePath},
                                             5, true);
        QVERIFY2(!r.crashed && r.exitCode == 130, qPrintable(r.err.right(2000)));
        QVERIFY2(r.err.contains("persona train --resume"), qPrintable(r.err.right(2000)));
        const std::int64_t id = onlyRunId(storePath.toStdString());
        try {
            const std::int64_t last = checkStore(storePath.toStdString(), id, store::RunStatus::Cancelled);
            store::Store st(storePath.toStdString());
            // Saved at the cancel: the last logged step, or the next one when cancelled while evaluating it.
            const std::int64_t saved = st.resumePoint(id).checkpointStep.value_or(-1);
            QVERIFY2(saved == last || saved == last + 1, qPrintable(QString("%1 vs %2").arg(saved).arg(last)));
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        // --no-store and --store together, and --resume without a store, are usage errors.
        QCOMPARE(runPersona({"train", "--config", QString::fromStdString(config), "--store", storePath, "--no-store"})
                     .exitCode, 2);
        QCOMPARE(runPersona({"train", "--resume", QString::number(id), "--no-store"}).exitCode, 2);
    }

    // `persona eval --run R --checkpoint N` scores the state saved at step N: on the validation users
    // the trainer scored at that step, its loss is the one the trainer recorded there (two code paths:
    // the training loop's in-memory state against the step checkpoint reloaded from disk).
    void evalAtStepCheckpoint()
    {
        QTemporaryDir dir;
        const std::string config = writeConfig(dir);
        const QString runDir = dir.path() + "/run";
        const CliResult trained = runPersona({"train", "--config", QString::fromStdString(config), "--no-store",
                                              "--checkpoint-every", "20", "--json"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err.right(2000)));
        const auto metrics = nlohmann::json::parse(std::ifstream(runDir.toStdString() + "/metrics.json"));
        const auto& evals = metrics.at("train").at("evals");
        QCOMPARE(static_cast<int>(evals.size()), kSteps / 20);
        std::set<double> losses;
        for (const auto& e : evals) {
            const int step = e.at("step");
            const CliResult r = runPersona({"eval", "--run", runDir, "--checkpoint", QString::number(step), "--split",
                                            "validation", "--limit", "2", "--json"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(2000)));
            const auto j = r.json();
            QCOMPARE(j.at("checkpointStep").get<int>(), step);
            QCOMPARE(j.at("users").get<int>(), 2);
            const double recorded = e.at("valLoss");
            QVERIFY2(std::abs(j.at("loss").get<double>() - recorded) <= 1e-5 * std::abs(recorded),
                     qPrintable(QString("step %1: %2 vs %3").arg(step).arg(j.at("loss").get<double>()).arg(recorded)));
            losses.insert(recorded);
        }
        QVERIFY2(losses.size() > 1, "the validation loss never changed: the steps are not told apart");

        // `persona neighbours`: the user's soft tokens (one a history item, the summary tokens, the task tokens),
        // each with its k nearest vocabulary entries, best first.
        const CliResult near = runPersona({"neighbours", "--run", runDir, "--user", "1", "--k", "3", "--json"});
        QVERIFY2(near.exitCode == 0, qPrintable(near.err.right(2000)));
        const auto n = near.json();
        QCOMPARE(n.at("tokens").size(), std::size_t(4 + 24 + 2)); // history 4, summary tokens 24 (default), task 2
        QCOMPARE(n.at("tokens").back().at("role").get<std::string>(), std::string("task"));
        for (const auto& t : n.at("tokens")) {
            QCOMPARE(t.at("neighbours").size(), std::size_t(3));
            QVERIFY(t.at("neighbours")[0].at("cosine").get<double>() >= t.at("neighbours")[2].at("cosine").get<double>());
        }
        const CliResult zero = runPersona({"neighbours", "--run", runDir, "--user", "1", "--k", "0"});
        QVERIFY2(zero.exitCode != 0 && zero.err.contains("--k"), qPrintable(zero.err));
        const CliResult stranger = runPersona({"neighbours", "--run", runDir, "--user", "no-such-user"});
        QVERIFY(stranger.exitCode != 0 && stranger.err.contains("no-such-user"));

        // A step with no checkpoint names the run folder and the saved steps; --checkpoint alone is a usage error.
        const CliResult missing = runPersona({"eval", "--run", runDir, "--checkpoint", "30", "--json"});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(runDir) && missing.err.contains("saved steps: 20, 40"), qPrintable(missing.err));
        QVERIFY(runPersona({"eval", "--checkpoint", "20"}).exitCode != 0);
        // An argument eval does not know stops it before it evaluates anything (session 20 found
        // `eval --run R --threads 1` running a whole test pass, then failing on the argument).
        const CliResult unknown = runPersona({"eval", "--run", runDir, "--split", "validation", "--limit", "2",
                                              "--threads", "1", "--json"});
        QVERIFY(unknown.exitCode != 0);
        QVERIFY2(unknown.out.isEmpty(), qPrintable(unknown.out));
        QVERIFY2(unknown.err.contains("--threads"), qPrintable(unknown.err));
    }

    // A step estimated not to fit in memory (core/train/memory_estimate) is refused before training:
    // exit 2, the message names the micro-batch size that fits, nothing is written.
    void tooBigForMemoryStopsBeforeTraining()
    {
        QTemporaryDir dir;
        const std::string config = writeConfig(dir);
        nlohmann::json c = nlohmann::json::parse(std::ifstream(config));
        c["train"]["batchSize"] = 4096;
        c["train"]["memoryLimitMiB"] = 64;
        std::ofstream(config) << c.dump(2);
        const CliResult r = runPersona({"train", "--config", QString::fromStdString(config), "--no-store", "--json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("kill-test: train: a training step needs about") &&
                     r.err.contains("set train.microBatchSize to") && !r.err.contains("step 1/"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFileInfo::exists(dir.path() + "/run"));

        // --plan says the same without training; with automatic passes it gives the size that fits.
        const QString configArg = QString::fromStdString(config);
        const CliResult refused = runPersona({"train", "--config", configArg, "--plan", "--json"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("set train.microBatchSize to"), qPrintable(refused.err));
        c["train"]["microBatchSize"] = -1;
        std::ofstream(config) << c.dump(2);
        const CliResult planned = runPersona({"train", "--config", configArg, "--plan", "--json"});
        QVERIFY2(planned.exitCode == 0, qPrintable(planned.err));
        const auto p = planned.json();
        QCOMPARE(p["memoryLimitMiB"].get<int>(), 64);
        QCOMPARE(p["batchSize"].get<int>(), 4096);
        const int chosen = p["microBatchSize"].get<int>();
        QVERIFY2(chosen >= 1 && chosen < 4096, qPrintable(QString::number(chosen)));
        QCOMPARE(p["examplesPerPass"].get<int>(), chosen);
        QVERIFY(p["estimatedGrowthMiB"].get<double>() <= 64.0);
        QCOMPARE(p["validationUsers"].get<int>(), 2); // maxValUsers of the config
        QVERIFY(p["trainUsers"].get<int>() > 0 && p["longestSequence"].get<int>() > 0);
        QVERIFY(!QFileInfo::exists(dir.path() + "/run")); // planning trains nothing
    }
};

QTEST_APPLESS_MAIN(TestCliTrainStore)
#include "test_cli_train_store.moc"
