// Tests core/api/training on the tiny model files (tests/data/nn/tiny_train): a run recorded in the
// store (lifecycle, curves, checkpoint artifacts, predictions, test metrics), a run cancelled from
// its progress callback and resumed to the end with its curve continuing (same losses as an
// uninterrupted run, every step once), and a failing run marked failed with its error.
#include "core/api/trained_run.h"
#include "core/api/training.h"
#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/methods/checkpoint.h"
#include "core/eval/text_metrics.h"
#include "core/store/store.h"
#include "core/train/run.h"
#include "core/train/run_config.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

using namespace persona;
namespace fs = std::filesystem;

namespace {

const std::string kTiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train";

nlohmann::json tinyConfig(const std::string& outputDir)
{
    return {{"name", "tiny"},
            {"method", "persoma"},
            {"outputDir", outputDir},
            {"models", {{"decoder", kTiny + "/decoder"}, {"encoder", kTiny + "/encoder"}, {"device", "cpu"},
                        {"threads", 1}, {"cacheDir", ""}}},
            {"data", {{"dataset", kTiny + "/dataset"}, {"minItemRatings", 0}, {"historySize", 4},
                      {"promptStyle", "plain"}, {"maxValUsers", 3}, {"maxTestUsers", 3}}},
            {"persoma", {{"adapter", "mlp"}, {"hidden", 16}, {"mlpLayers", 1}, {"taskTokens", 2}}},
            {"train", {{"steps", 12}, {"batchSize", 2}, {"evalEvery", 4}, {"patience", 0}, {"learningRate", 0.01},
                       {"warmupSteps", 2}, {"maxNewTokens", 4}, {"seed", 3}}}};
}

std::map<std::int64_t, double> curve(store::Store& st, std::int64_t run, const std::string& name)
{
    std::map<std::int64_t, double> m;
    for (const auto& p : st.metricPoints(run, name)) {
        if (m.count(p.step))
            throw std::runtime_error(name + " has step " + std::to_string(p.step) + " twice");
        m[p.step] = p.value;
    }
    return m;
}

} // namespace

class TestApiTraining : public QObject {
    Q_OBJECT

private slots:
    void recordsRunInStore()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        api::TrainingRequest req;
        req.config = tinyConfig(root + "/run");
        req.storePath = root + "/store.sqlite";
        std::vector<std::string> phases;
        int steps = 0;
        std::int64_t seenRun = 0;
        const auto out = api::runTraining(req, [&](const api::TrainingProgress& p) {
            if (phases.empty() || phases.back() != p.phase)
                phases.push_back(p.phase);
            steps += p.phase == "training";
            seenRun = p.runId;
        });
        QCOMPARE(out.status, std::string("finished"));
        QVERIFY(out.runId > 0);
        QCOMPARE(seenRun, out.runId);
        QCOMPARE(steps, 12);
        // The tiny PERSOMA config keeps the default answer sketch, so its warm-up is a phase too.
        QVERIFY((phases == std::vector<std::string>{"loading", "encoding", "warm-up", "training", "testing", "saving"}));
        QVERIFY(fs::exists(out.runDir + "/checkpoint.safetensors") && fs::exists(out.runDir + "/metrics.json"));

        store::Store st(req.storePath);
        const auto run = st.run(out.runId);
        QCOMPARE(run.status, store::RunStatus::Finished);
        QCOMPARE(run.method, std::string("persoma"));
        QCOMPARE(run.split, std::string("test"));
        QCOMPARE(run.seed, std::int64_t(3));
        QVERIFY(run.datasetId.has_value());
        QVERIFY(!run.codeVersion.empty());
        QCOMPARE(run.config["train"]["steps"].get<int>(), 12);
        QCOMPARE(run.lastStep.value_or(-1), std::int64_t(12));
        const auto loss = curve(st, out.runId, "train_loss");
        QCOMPARE(loss.size(), std::size_t(12));
        QCOMPARE(loss.begin()->first, std::int64_t(1));
        const auto losses = out.metrics["train"]["losses"].get<std::vector<double>>();
        for (const auto& [step, v] : loss)
            QCOMPARE(v, losses[static_cast<std::size_t>(step - 1)]);
        for (const char* name : {"smoothed_loss", "learning_rate", "tokens_per_second", "wall_time_seconds"})
            QCOMPARE(curve(st, out.runId, name).size(), std::size_t(12));
        // The wall-time axis: seconds since step 0, growing with the steps.
        double before = 0.0;
        for (const auto& [step, seconds] : curve(st, out.runId, "wall_time_seconds")) {
            QVERIFY2(seconds > before, qPrintable(QString("step %1: %2 s after %3 s").arg(step).arg(seconds).arg(before)));
            before = seconds;
        }
        const auto f1 = curve(st, out.runId, "val_f1");
        QCOMPARE(f1.size(), std::size_t(3));
        QVERIFY(f1.count(4) && f1.count(8) && f1.count(12));
        const auto testF1 = curve(st, out.runId, "test_f1");
        QCOMPARE(testF1.size(), std::size_t(1));
        QCOMPARE(testF1.at(12), out.metrics["test"]["f1"].get<double>());
        QCOMPARE(curve(st, out.runId, "test_recall").size(), std::size_t(1));
        // The same evaluation's F1 against other users' truths and distinct answers, as in metrics.json.
        QCOMPARE(curve(st, out.runId, "test_cross_user_f1").at(12), out.metrics["test"]["crossUserF1"].get<double>());
        QCOMPARE(curve(st, out.runId, "test_distinct_outputs").at(12), out.metrics["test"]["distinctOutputs"].get<double>());
        QCOMPARE(curve(st, out.runId, "test_swapped_history_loss").at(12), out.metrics["test"]["swappedHistoryLoss"].get<double>());
        const auto testLoss = curve(st, out.runId, "test_loss"); // evalLoss is on by default
        QCOMPARE(testLoss.size(), std::size_t(1));
        QCOMPARE(testLoss.at(12), out.metrics["test"]["loss"].get<double>());

        const auto preds = st.predictions(out.runId);
        QCOMPARE(preds.size(), std::size_t(3));
        for (const auto& p : preds) {
            QVERIFY(!p.userId.empty());
            QVERIFY(p.metrics.contains("f1"));
            QVERIFY(p.genres.contains("liked"));
            QVERIFY(p.inputTokens.value_or(0) > 0);
            QVERIFY(p.latencyMs.has_value());
        }

        std::vector<std::int64_t> ckptSteps;
        for (const auto& a : st.artifacts(out.runId)) {
            QVERIFY2(fs::exists(a.path), a.path.c_str());
            QCOMPARE(a.sha256, sha256File(a.path));
            if (a.kind == "checkpoint") {
                ckptSteps.push_back(a.step.value_or(-1));
                QCOMPARE(a.path, out.runDir + "/checkpoints/step-" + std::to_string(*a.step) + ".safetensors");
            }
        }
        std::sort(ckptSteps.begin(), ckptSteps.end());
        QVERIFY((ckptSteps == std::vector<std::int64_t>{4, 8, 12}));
        QCOMPARE(st.resumePoint(out.runId).checkpointStep.value_or(-1), std::int64_t(12));
        QVERIFY(fs::exists(out.runDir + "/resume/state.json"));
        // An intermediate checkpoint loads into the method.
        train::Run reopened(train::RunConfig::fromJson(run.config));
        reopened.method().loadTrainedState(methods::loadCheckpoint(out.runDir + "/checkpoints/step-4.safetensors"));
        // A finished run cannot be resumed.
        api::TrainingRequest again;
        again.storePath = req.storePath;
        again.resumeRunId = out.runId;
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::runTraining(again));
    }

    void cancelThenResumeContinuesCurve()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        // The uninterrupted reference, without a store.
        api::TrainingRequest ref;
        ref.config = tinyConfig(root + "/ref");
        const auto full = api::runTraining(ref);
        QCOMPARE(full.runId, std::int64_t(0));
        const auto fullLosses = full.metrics["train"]["losses"].get<std::vector<double>>();
        QCOMPARE(fullLosses.size(), std::size_t(12));
        QVERIFY(fs::exists(root + "/ref/checkpoints/step-8.safetensors"));

        api::TrainingRequest req;
        req.config = tinyConfig(root + "/run");
        req.storePath = root + "/store.sqlite";
        req.checkpointEvery = 5;
        api::TrainingControl control;
        const auto cancelled = api::runTraining(req, [&](const api::TrainingProgress& p) {
            if (p.phase == "training" && p.step == 7)
                control.cancel();
        }, &control);
        QCOMPARE(cancelled.status, std::string("cancelled"));
        const std::int64_t id = cancelled.runId;
        {
            store::Store st(req.storePath);
            QCOMPARE(st.run(id).status, store::RunStatus::Cancelled);
            QCOMPARE(curve(st, id, "train_loss").size(), std::size_t(7));
            QCOMPARE(st.resumePoint(id).checkpointStep.value_or(-1), std::int64_t(7)); // saved at the cancel
        }
        api::TrainingRequest resume;
        resume.storePath = req.storePath;
        resume.resumeRunId = id;
        int first = 0;
        const auto done = api::runTraining(resume, [&](const api::TrainingProgress& p) {
            if (p.phase == "training" && first == 0)
                first = p.step;
        });
        QCOMPARE(done.status, std::string("finished"));
        QCOMPARE(done.runId, id);
        QCOMPARE(done.resumedFromStep, 7);
        QCOMPARE(first, 8);
        store::Store st(req.storePath);
        QCOMPARE(st.run(id).status, store::RunStatus::Finished);
        const auto loss = curve(st, id, "train_loss"); // throws on a duplicate step
        QCOMPARE(loss.size(), std::size_t(12));
        for (const auto& [step, v] : loss)
            QVERIFY2(std::abs(v - fullLosses[static_cast<std::size_t>(step - 1)]) <= 1e-6,
                     qPrintable(QString("step %1: %2 vs %3").arg(step).arg(v).arg(fullLosses[step - 1])));
        QCOMPARE(curve(st, id, "val_f1").size(), std::size_t(3));
        QCOMPARE(st.predictions(id).size(), std::size_t(3));
        QCOMPARE(done.metrics["test"]["f1"].get<double>(), full.metrics["test"]["f1"].get<double>());
    }

    void runsWithoutEvaluationStillCheckpoint()
    {
        // Evaluation only at the end: the default interval is a tenth of the steps, so a crashed
        // run is resumable long before its end (it used to checkpoint only when it finished).
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        nlohmann::json config = tinyConfig(root + "/run");
        config["train"]["steps"] = 20;
        config["train"]["evalEvery"] = 0;
        QCOMPARE(api::defaultCheckpointEvery(config), 2);
        api::TrainingRequest req;
        req.config = config;
        QCOMPARE(api::runTraining(req).status, std::string("finished"));
        for (int step = 1; step <= 20; ++step)
            QCOMPARE(fs::exists(root + "/run/checkpoints/step-" + std::to_string(step) + ".safetensors"), step % 2 == 0);
        // An explicit interval wins.
        req.config["outputDir"] = root + "/run7";
        req.checkpointEvery = 7;
        QCOMPARE(api::runTraining(req).status, std::string("finished"));
        QVERIFY(fs::exists(root + "/run7/checkpoints/step-7.safetensors"));
        QVERIFY(!fs::exists(root + "/run7/checkpoints/step-2.safetensors"));

        // train.keepCheckpoints: only the newest step checkpoints stay, on disk and in the store,
        // and the run still resumes from its last one.
        QTemporaryDir storeDir;
        api::TrainingRequest kept;
        kept.config = config;
        kept.config["outputDir"] = root + "/kept";
        kept.config["train"]["keepCheckpoints"] = 3;
        kept.storePath = storeDir.filePath("store.sqlite").toStdString();
        api::TrainingControl control;
        const auto cancelled = api::runTraining(kept, [&](const api::TrainingProgress& p) {
            if (p.phase == "training" && p.step == 15)
                control.cancel();
        }, &control);
        QCOMPARE(cancelled.status, std::string("cancelled"));
        for (int step = 1; step <= 20; ++step) // 10, 12, 14 and the cancel's 15
            QCOMPARE(fs::exists(root + "/kept/checkpoints/step-" + std::to_string(step) + ".safetensors"),
                     step == 12 || step == 14 || step == 15);
        api::TrainingRequest resume;
        resume.storePath = kept.storePath;
        resume.resumeRunId = cancelled.runId;
        QCOMPARE(api::runTraining(resume).status, std::string("finished"));
        std::vector<int> onDisk;
        for (int step = 1; step <= 20; ++step)
            if (fs::exists(root + "/kept/checkpoints/step-" + std::to_string(step) + ".safetensors"))
                onDisk.push_back(step);
        QCOMPARE(onDisk, (std::vector<int>{16, 18, 20}));
        store::Store st(kept.storePath);
        std::vector<int> recorded;
        for (const auto& a : st.artifacts(cancelled.runId))
            if (a.kind == "checkpoint")
                recorded.push_back(static_cast<int>(a.step.value_or(-1)));
        QCOMPARE(recorded, (std::vector<int>{16, 18, 20}));
    }

    void nextItemRunRecordsTextMetrics()
    {
        // A next-item run records its target text and ROUGE / Persona-F1 per user, and the test
        // means as test_rouge1 / test_rougeL / test_persona_f1 (it used to record a genre F1 of 0).
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        api::TrainingRequest req;
        req.config = tinyConfig(root + "/run");
        req.config["task"] = "next-item";
        req.config["train"]["steps"] = 4;
        req.config["train"]["evalEvery"] = 0;
        req.storePath = root + "/store.sqlite";
        const auto out = api::runTraining(req);
        QCOMPARE(out.status, std::string("finished"));
        store::Store st(req.storePath);
        const auto preds = st.predictions(out.runId);
        QCOMPARE(preds.size(), std::size_t(3));
        double sumL = 0.0;
        for (const auto& p : preds) {
            const std::string target = p.metrics.at("target").get<std::string>();
            QVERIFY(!target.empty());
            QVERIFY(!p.metrics.contains("f1"));
            QCOMPARE(p.metrics.at("rouge1").get<double>(), eval::rouge1(target, p.output).fmeasure);
            QCOMPARE(p.metrics.at("rougeL").get<double>(), eval::rougeL(target, p.output).fmeasure);
            sumL += p.metrics.at("rougeL").get<double>();
        }
        QVERIFY(st.metricPoints(out.runId, "test_f1").empty());
        const auto rougeL = st.metricPoints(out.runId, "test_rougeL");
        QCOMPARE(rougeL.size(), std::size_t(1));
        QVERIFY(std::abs(rougeL.front().value - sumL / 3.0) < 1e-12);
        QVERIFY(std::abs(rougeL.front().value - out.metrics["test"]["rougeL"].get<double>()) < 1e-12);
        QCOMPARE(st.metricPoints(out.runId, "test_persona_f1").size(), std::size_t(1));

        // One user's prediction through the Compare view's facade scores the same.
        const auto v = api::TrainedRun::open(root + "/run")->predict(preds.front().userId);
        QCOMPARE(v.task, std::string("next-item"));
        QCOMPARE(v.output, preds.front().output);
        QCOMPARE(v.target, preds.front().metrics.at("target").get<std::string>());
        QCOMPARE(v.rougeL, preds.front().metrics.at("rougeL").get<double>());
        QCOMPARE(v.personaF1, preds.front().metrics.at("personaF1").get<double>());
        QVERIFY(std::isnan(v.f1) && v.liked.empty());
    }

    void failedRunIsMarked()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        api::TrainingRequest req;
        req.config = tinyConfig(root + "/run");
        req.config["models"]["decoder"] = root + "/missing.gguf";
        req.storePath = root + "/store.sqlite";
        QVERIFY_THROWS_EXCEPTION(IoError, api::runTraining(req));
        store::Store st(req.storePath);
        const auto runs = st.listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, store::RunStatus::Failed);
        QVERIFY2(runs[0].error.find("missing.gguf") != std::string::npos, runs[0].error.c_str());
        // Config errors name the field before anything runs.
        nlohmann::json bad = tinyConfig(root + "/run");
        bad["train"]["stepz"] = 3;
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::validateRunConfig(bad));
        QVERIFY(api::defaultRunConfig().contains("train"));
    }
};

QTEST_APPLESS_MAIN(TestApiTraining)
#include "test_api_training.moc"
