// Tests core/train's resumable state on the tiny world: a run stopped at a checkpoint or by a
// cancel, saved to disk and resumed into a freshly initialised method, gives the same losses and
// evaluations for the remaining steps as an uninterrupted run; broken resume folders fail cleanly.
#include "core/common/error.h"
#include "core/common/cancel_token.h"
#include "core/train/train_state.h"
#include "core/train/trainer.h"
#include "persoma_tiny.h"

#include <QtTest/QtTest>

#include <fstream>

using namespace persona;

namespace {

train::TrainOptions options()
{
    train::TrainOptions o;
    o.steps = 10;
    o.batchSize = 2;
    o.warmupSteps = 3;
    o.evalEvery = 3;
    o.patience = 0;
    o.learningRate = 1e-2;
    o.seed = 5;
    o.eval.generation.maxNewTokens = 4;
    return o;
}

struct Setup {
    testing::TinyWorld world; // same seed: same base weights in every Setup
    std::vector<methods::Example> examples;
    std::vector<methods::Example> val;
    std::unique_ptr<methods::PersomaMethod> method;

    Setup(int adapter, int mode, std::uint64_t initSeed)
    {
        examples = world.examples(methods::InputKind::SoftPrompt);
        val = {examples[0], examples[1]};
        torch::manual_seed(initSeed);
        method = std::make_unique<methods::PersomaMethod>(
            world.decoder, *world.tokenizer,
            world.persomaConfig(static_cast<methods::AdapterKind>(adapter), static_cast<methods::DecoderMode>(mode)));
    }
    train::TrainResult train(const train::TrainHooks& hooks = {}, const train::ProgressCallback& progress = {},
                             CancelToken* cancel = nullptr)
    {
        return train::trainMethod(*method, examples, val, world.ds, options(), progress, cancel, hooks);
    }
};

void compareTail(const train::TrainResult& full, const train::TrainResult& resumed, int from)
{
    QCOMPARE(resumed.losses.size(), full.losses.size());
    for (std::size_t i = static_cast<std::size_t>(from); i < full.losses.size(); ++i)
        QVERIFY2(std::abs(resumed.losses[i] - full.losses[i]) <= 1e-6,
                 qPrintable(QString("step %1: resumed %2, uninterrupted %3").arg(i + 1).arg(resumed.losses[i], 0, 'g', 17)
                                .arg(full.losses[i], 0, 'g', 17)));
    QCOMPARE(resumed.evals.size(), full.evals.size());
    for (std::size_t i = 0; i < full.evals.size(); ++i) {
        QCOMPARE(resumed.evals[i].step, full.evals[i].step);
        QVERIFY(std::abs(resumed.evals[i].valF1 - full.evals[i].valF1) <= 1e-9);
        QVERIFY(std::abs(resumed.evals[i].valLoss - full.evals[i].valLoss) <= 1e-6);
    }
    QCOMPARE(resumed.bestStep, full.bestStep);
    QCOMPARE(resumed.stepsDone, full.stepsDone);
}

} // namespace

class TestTrainResume : public QObject {
    Q_OBJECT

private slots:
    void resumeMatchesUninterrupted_data()
    {
        QTest::addColumn<int>("adapter");
        QTest::addColumn<int>("mode");
        QTest::newRow("mlp-frozen") << int(methods::AdapterKind::Mlp) << int(methods::DecoderMode::Frozen);
        QTest::newRow("transformer-lora") << int(methods::AdapterKind::Transformer) << int(methods::DecoderMode::Lora);
    }
    void resumeMatchesUninterrupted()
    {
        QFETCH(int, adapter);
        QFETCH(int, mode);
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();

        Setup a(adapter, mode, 1);
        const train::TrainResult full = a.train();
        QCOMPARE(full.losses.size(), std::size_t(10));

        // Interrupted: checkpoints every 4 steps (kept on disk), cancelled after step 6.
        Setup b(adapter, mode, 1);
        CancelToken token;
        train::TrainHooks hooks;
        hooks.checkpointEvery = 4;
        std::vector<int> saved;
        hooks.onCheckpoint = [&](const train::TrainState& s) {
            saved.push_back(s.step);
            train::saveTrainState(root + "/at-" + std::to_string(s.step), s);
        };
        auto cancelAt6 = [&](const train::Progress& p) {
            if (p.step == 6)
                token.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(CancelledError, b.train(hooks, cancelAt6, &token));
        QCOMPARE(saved, (std::vector<int>{4, 6})); // the step-4 checkpoint, then the cancel at 6

        {
            // The comparison is sensitive: dropping the AdamW moments changes the next losses.
            train::TrainState noMoments = train::loadTrainState(root + "/at-4");
            for (std::size_t i = 0; i < noMoments.expAvg.size(); ++i) {
                noMoments.expAvg[i] = torch::Tensor();
                noMoments.expAvgSq[i] = torch::Tensor();
                noMoments.adamSteps[i] = 0;
            }
            Setup c(adapter, mode, 99);
            train::TrainHooks resume;
            resume.resumeFrom = &noMoments;
            const auto r = c.train(resume);
            QVERIFY(std::abs(r.losses[5] - full.losses[5]) > 1e-6);
        }
        for (int from : {4, 6}) {
            const train::TrainState state = train::loadTrainState(root + "/at-" + std::to_string(from));
            QCOMPARE(state.step, from);
            QVERIFY(!state.pendingEval && !state.finished);
            for (int i = 0; i < from; ++i)
                QCOMPARE(state.losses[static_cast<std::size_t>(i)], full.losses[static_cast<std::size_t>(i)]);
            Setup c(adapter, mode, 99); // another initialisation: everything must come from the state
            train::TrainHooks resume;
            resume.resumeFrom = &state;
            std::vector<int> steps;
            const train::TrainResult r = c.train(resume, [&](const train::Progress& p) { steps.push_back(p.step); });
            QCOMPARE(steps.front(), from + 1);
            QCOMPARE(steps.back(), 10);
            compareTail(full, r, from);
            // The final (best) state is the same too.
            const auto fa = a.method->trainedState();
            const auto fc = c.method->trainedState();
            QCOMPARE(fa.size(), fc.size());
            for (std::size_t i = 0; i < fa.size(); ++i)
                QVERIFY2(torch::allclose(fa[i].second, fc[i].second, 1e-6, 1e-6), fa[i].first.c_str());
        }
    }

    void finishedStateTrainsNothing()
    {
        QTemporaryDir dir;
        Setup a(int(methods::AdapterKind::Mlp), int(methods::DecoderMode::Frozen), 1);
        std::optional<train::TrainState> last;
        train::TrainHooks hooks;
        hooks.onCheckpoint = [&](const train::TrainState& s) {
            train::saveTrainState(dir.path().toStdString(), s);
            last = train::loadTrainState(dir.path().toStdString());
        };
        const auto full = a.train(hooks);
        QVERIFY(last && last->finished && last->step == 10);
        Setup c(int(methods::AdapterKind::Mlp), int(methods::DecoderMode::Frozen), 99);
        train::TrainHooks resume;
        resume.resumeFrom = &*last;
        int reports = 0;
        const auto r = c.train(resume, [&](const train::Progress&) { ++reports; });
        QCOMPARE(reports, 0);
        compareTail(full, r, 0);
        // Only the newest tensor file is kept next to state.json.
        QCOMPARE(QDir(dir.path()).entryList({"state-*.safetensors"}).size(), 1);
    }

    // Speed and ETA of a resumed run are this process's: an earlier leg that took a day (another
    // machine, fewer threads) does not make the remaining three steps look like hours.
    void resumedSpeedIsThisProcesss()
    {
        Setup a(int(methods::AdapterKind::Mlp), int(methods::DecoderMode::Frozen), 1);
        std::optional<train::TrainState> at7;
        train::TrainHooks hooks;
        hooks.checkpointEvery = 7;
        hooks.onCheckpoint = [&](const train::TrainState& s) {
            if (s.step == 7)
                at7 = s;
        };
        std::vector<train::Progress> first;
        a.train(hooks, [&](const train::Progress& p) { first.push_back(p); });
        QVERIFY(at7 && first.size() == 10);
        const double day = 86400.0;
        at7->elapsedSeconds = day;
        Setup c(int(methods::AdapterKind::Mlp), int(methods::DecoderMode::Frozen), 99);
        train::TrainHooks resume;
        resume.resumeFrom = &*at7;
        std::vector<train::Progress> seen;
        const auto r = c.train(resume, [&](const train::Progress& p) { seen.push_back(p); });
        QCOMPARE(seen.size(), std::size_t(3));
        QCOMPARE(seen.front().step, 8);
        // The whole run's clock keeps the earlier leg...
        QVERIFY(seen.back().elapsedSeconds >= day && r.seconds >= day);
        // ...but the rate and ETA come from steps 8 to 10 of these tiny models (milliseconds a
        // step), not from tokens / (a day) and a day / 8 steps * 2 to go (21,600 s).
        const double tokensPerStep = first.back().tokensPerSecond * first.back().elapsedSeconds / 10.0;
        const double dayRate = tokensPerStep * 8.0 / day;
        QVERIFY2(seen.front().tokensPerSecond > 100.0 * dayRate,
                 qPrintable(QString("%1 tokens/s vs %2 over the day").arg(seen.front().tokensPerSecond).arg(dayRate)));
        QVERIFY2(seen.front().etaSeconds < day / 100.0, qPrintable(QString("ETA %1 s").arg(seen.front().etaSeconds)));
        QCOMPARE(seen.back().etaSeconds, 0.0);
    }

    void brokenResumeFolders()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        QVERIFY(!train::hasTrainState(root));
        QVERIFY_THROWS_EXCEPTION(IoError, train::loadTrainState(root));
        {
            std::ofstream(root + "/state.json") << "{not json";
        }
        QVERIFY_THROWS_EXCEPTION(FormatError, train::loadTrainState(root));
        {
            std::ofstream(root + "/state.json")
                << R"({"version":1,"tensors":"state-3.safetensors","step":3,"pendingEval":false,"finished":false,)"
                << R"("losses":[1.0],"evals":[],"smoothedLoss":1,"tokens":1,"elapsedSeconds":1,"bestStep":0,)"
                << R"("bestValF1":null,"evalsWithoutGain":0,"parameters":0,"adamSteps":[],"shuffles":1,"cursor":0})";
        }
        try {
            train::loadTrainState(root);
            QFAIL("expected FormatError");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("state.json") != std::string::npos, e.what());
        }
        // A state from another run shape is refused before training.
        Setup a(int(methods::AdapterKind::Mlp), int(methods::DecoderMode::Frozen), 1);
        train::TrainState wrong;
        wrong.step = 2;
        wrong.losses = {1.0, 1.0};
        wrong.shuffles = 1;
        wrong.current = a.method->trainedState();
        train::TrainHooks hooks;
        hooks.resumeFrom = &wrong;
        QVERIFY_THROWS_EXCEPTION(ConfigError, a.train(hooks)); // no optimiser entries for its parameters
    }
};

QTEST_APPLESS_MAIN(TestTrainResume)
#include "test_train_resume.moc"
