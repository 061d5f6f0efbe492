// Kill safety at scale (issue 32): a real `persona train` on the tiny model files is killed with
// SIGKILL at 20 seeded points across its life and resumed each time. The kills are aimed with
// PERSONA_CRASH_AT (core/common/crash_point.h), so they land where they matter: inside a training
// step, between a checkpoint's fsync and its rename, inside a store transaction before COMMIT,
// at the start of and inside an evaluation pass (validation and test), and while the finished run
// is saved. After every kill the store passes integrity_check and holds each step's loss exactly
// once up to runs.last_step; at the end the resumed run equals an uninterrupted one: the same
// loss at every step, the same validation curve, the same checkpoint bytes, the same test metrics
// and predictions.
#include "cli_runner.h"
#include "store_checks.h"

#include "core/store/store.h"

#include <QtTest/QtTest>

#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace persona;

namespace {

const std::string kTiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train";
constexpr int kSteps = 60;
constexpr int kEvalEvery = 10;
constexpr int kKills = 20;

std::string writeConfig(const QString& folder)
{
    const nlohmann::json c = {
        {"name", "kill-20"},
        {"method", "persoma"},
        {"outputDir", folder.toStdString() + "/run"},
        {"models", {{"decoder", kTiny + "/decoder"}, {"encoder", kTiny + "/encoder"}, {"device", "cpu"},
                    {"threads", 1}, {"cacheDir", ""}}},
        {"data", {{"dataset", kTiny + "/dataset"}, {"minItemRatings", 0}, {"historySize", 4}, {"promptStyle", "plain"},
                  {"maxValUsers", 2}, {"maxTestUsers", 4}}},
        {"persoma", {{"adapter", "mlp"}, {"hidden", 16}, {"mlpLayers", 1}, {"taskTokens", 2}}},
        {"train", {{"steps", kSteps}, {"batchSize", 8}, {"evalEvery", kEvalEvery}, {"patience", 0},
                   {"learningRate", 0.01}, {"warmupSteps", 2}, {"maxNewTokens", 3}, {"seed", 5}}}};
    const std::string path = folder.toStdString() + "/config.json";
    std::ofstream(path) << c.dump(2);
    return path;
}

// Runs persona with PERSONA_CRASH_AT set (empty: unarmed) and waits for it to end.
CliResult runArmed(const QStringList& args, const QString& crashAt)
{
    QProcessEnvironment env;
    if (!crashAt.isEmpty())
        env.insert("PERSONA_CRASH_AT", crashAt);
    return runProgram(PERSONA_CLI_PATH, args, env);
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// checkRunInStore, plus: no metric point stored twice (the table's key makes a repeat overwrite,
// so rows are counted) and no more predictions than test users.
std::int64_t checkStore(const std::string& storePath, std::int64_t runId, store::RunStatus expected)
{
    const std::int64_t last = checkRunInStore(storePath, runId, expected, {"train_loss", "smoothed_loss", "learning_rate"});
    store::Store st(storePath);
    const auto rows = st.database().scalarInt("SELECT count(*) FROM metric_points WHERE run_id = " + std::to_string(runId));
    const auto keys = st.database().scalarInt(
        "SELECT count(*) FROM (SELECT DISTINCT name, step FROM metric_points WHERE run_id = " + std::to_string(runId) + ")");
    if (rows != keys)
        throw std::runtime_error(std::to_string(rows - keys) + " metric points repeated");
    if (st.predictions(runId).size() > 4)
        throw std::runtime_error(std::to_string(st.predictions(runId).size()) + " predictions for at most 4 test users");
    return last;
}

std::map<std::pair<std::string, std::int64_t>, double> curves(store::Store& st, std::int64_t runId)
{
    std::map<std::pair<std::string, std::int64_t>, double> out;
    for (const auto& p : st.metricPoints(runId))
        if (p.name != "tokens_per_second" && p.name.rfind("seconds", 0) != 0 && p.name.find("time") == std::string::npos)
            out[{p.name, p.step}] = p.value;
    return out;
}

nlohmann::json testMetrics(const std::string& runFolder)
{
    auto m = nlohmann::json::parse(readAll(runFolder + "/metrics.json"));
    auto t = m.at("test");
    t.erase("seconds");
    return t;
}

} // namespace

class TestCliKillSafety : public QObject {
    Q_OBJECT

private slots:
    void twentyKillsEndLikeAnUninterruptedRun()
    {
        // The uninterrupted reference, with the same checkpoint cadence.
        QTemporaryDir refDir;
        const QString refStore = refDir.path() + "/store.sqlite";
        const std::string refConfig = writeConfig(refDir.path());
        const QStringList common = {"--checkpoint-every", "1"};
        const CliResult ref = runArmed(QStringList{"train", "--config", QString::fromStdString(refConfig), "--store",
                                               refStore} + common, {});
        QVERIFY2(!ref.crashed && ref.exitCode == 0, qPrintable(ref.err.right(3000)));

        QTemporaryDir dir;
        const QString storePath = dir.path() + "/store.sqlite";
        const std::string storeFile = storePath.toStdString();
        const std::string config = writeConfig(dir.path());
        QStringList args = QStringList{"train", "--config", QString::fromStdString(config), "--store", storePath} + common;

        std::mt19937 rng(20261207);
        auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
        std::int64_t id = -1;
        std::int64_t lastStep = 0;
        std::map<std::string, int> landed;
        for (int round = 0; round < kKills; ++round) {
            // Rounds 0..15 kill during training, aimed at steps spread over its whole length
            // (about 3, 6.5, ..., 56); rounds 16..19 at the end: the test pass's start, inside an
            // evaluation, while saving, and at the first file written after that.
            QString point;
            int n = 1;
            if (round < 16) {
                const int target = 3 + round * 53 / 15;
                const int ahead = std::max(1, target - static_cast<int>(lastStep));
                const int nextEval = static_cast<int>((lastStep / kEvalEvery + 1) * kEvalEvery);
                switch (rng() % 5) {
                case 0:
                case 1: point = "train-step"; n = ahead; break;          // inside step lastStep + n
                case 2: point = "file-rename"; n = ahead; break;         // a checkpoint a step: between fsync and rename
                case 3: point = "store-commit"; n = pick(1, 3); break;   // inside one of the first transactions
                default:
                    if (nextEval < kSteps) {
                        point = "eval-chunk"; // inside the next validation pass
                    } else {
                        point = "train-step";
                        n = ahead;
                    }
                }
                if (kSteps - lastStep <= 4) { // keep steps for the rounds to come: die at the first commit
                    point = "store-commit";
                    n = 1;
                }
            } else {
                static const char* kEnd[] = {"testing", "eval-chunk", "saving", "file-rename"};
                point = kEnd[round - 16];
            }
            const QString crashAt = point + ":" + QString::number(n);
            const CliResult e = runArmed(args, crashAt);
            QVERIFY2(e.crashed, qPrintable(QString("round %1 (%2): persona was not killed (exit %3):\n%4")
                                              .arg(round).arg(crashAt).arg(e.exitCode).arg(e.err.right(2000))));
            if (id < 0) {
                store::Store st(storeFile);
                const auto runs = st.listRuns();
                QCOMPARE(runs.size(), std::size_t(1));
                id = runs[0].id;
            }
            try {
                lastStep = checkStore(storeFile, id, store::RunStatus::Interrupted);
            } catch (const std::exception& ex) {
                QFAIL(qPrintable(QString("round %1 (%2): %3").arg(round).arg(crashAt).arg(ex.what())));
            }
            ++landed[point.toStdString()];
            qInfo("round %2d: killed at %s, last_step %lld", round, qPrintable(crashAt),
                  static_cast<long long>(lastStep));
            if (round < 16)
                QVERIFY2(lastStep < kSteps, "training finished before the end-phase kills");
            else
                QCOMPARE(lastStep, std::int64_t(kSteps)); // the end-phase kills come after the last step
            args = QStringList{"train", "--resume", QString::number(id), "--store", storePath} + common;
        }
        QCOMPARE(landed.size(), std::size_t(6)); // every kind of point was hit

        const CliResult done = runArmed(args, {});
        QVERIFY2(!done.crashed && done.exitCode == 0, qPrintable(done.err.right(3000)));
        try {
            QCOMPARE(checkStore(storeFile, id, store::RunStatus::Finished), std::int64_t(kSteps));
        } catch (const std::exception& ex) {
            QFAIL(ex.what());
        }

        // The same run as the uninterrupted one.
        store::Store a(refStore.toStdString());
        store::Store b(storeFile);
        const auto refRun = a.listRuns().at(0).id;
        const auto refCurves = curves(a, refRun);
        const auto gotCurves = curves(b, id);
        QVERIFY(refCurves.count({"train_loss", kSteps}) == 1 && refCurves.count({"val_f1", kSteps}) == 1);
        for (const auto& [key, value] : refCurves) {
            const auto it = gotCurves.find(key);
            QVERIFY2(it != gotCurves.end(), qPrintable(QString("%1 at step %2 missing")
                                                           .arg(QString::fromStdString(key.first)).arg(key.second)));
            QVERIFY2(it->second == value || (std::isnan(it->second) && std::isnan(value)),
                     qPrintable(QString("%1 at step %2: %3 against %4 uninterrupted")
                                    .arg(QString::fromStdString(key.first)).arg(key.second)
                                    .arg(it->second, 0, 'g', 17).arg(value, 0, 'g', 17)));
        }
        QCOMPARE(gotCurves.size(), refCurves.size());
        QVERIFY(readAll(dir.path().toStdString() + "/run/checkpoint.safetensors") ==
                readAll(refDir.path().toStdString() + "/run/checkpoint.safetensors"));
        QCOMPARE(testMetrics(dir.path().toStdString() + "/run").dump(), testMetrics(refDir.path().toStdString() + "/run").dump());
        const auto refPreds = a.predictions(refRun);
        const auto gotPreds = b.predictions(id);
        QCOMPARE(gotPreds.size(), refPreds.size());
        for (std::size_t i = 0; i < refPreds.size(); ++i) {
            QCOMPARE(gotPreds[i].userId, refPreds[i].userId);
            QCOMPARE(gotPreds[i].output, refPreds[i].output);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliKillSafety)
#include "test_cli_kill_safety.moc"
