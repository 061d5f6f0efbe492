// Tests the training-step benchmark (core/train/step_benchmark, core/api runTrainBenchmark): on the
// tiny world every step trains on the whole batch and the figures are consistent (counts, positive
// times, token counts from the examples, the trainer's losses); the peak-memory reader sees this
// process; bad options are refused. No timing assertion. The real models: test_train_benchmark_real.
#include "core/api/benchmark.h"
#include "core/common/error.h"
#include "core/train/step_benchmark.h"
#include "persoma_tiny.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace persona;

class TestTrainBenchmark : public QObject {
    Q_OBJECT

private slots:
    void timesEveryStepOnTheTinyWorld()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        QVERIFY(ex.size() >= 2);
        ex.resize(2);
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        const torch::Tensor taskBefore = m.taskPrompt().detach().clone();
        train::TrainOptions o;
        o.warmupSteps = 0;
        o.learningRate = 1e-2;
        const auto t = train::timeTrainingSteps(m, ex, w.ds, o, 2, 3);
        QCOMPARE(t.stepSeconds.size(), std::size_t(5));
        QCOMPARE(t.timedSeconds.size(), std::size_t(3));
        QCOMPARE(t.losses.size(), std::size_t(5));
        for (double s : t.stepSeconds)
            QVERIFY(s > 0.0);
        QVERIFY(t.medianSeconds >= *std::min_element(t.timedSeconds.begin(), t.timedSeconds.end()));
        QVERIFY(t.medianSeconds <= *std::max_element(t.timedSeconds.begin(), t.timedSeconds.end()));
        QCOMPARE(t.examplesPerStep, std::int64_t(2));
        std::int64_t tokens = 0, targets = 0;
        for (const auto& e : ex) {
            tokens += m.inputTokens(e) + static_cast<std::int64_t>(e.targetIds.size());
            targets += static_cast<std::int64_t>(e.targetIds.size());
        }
        QCOMPARE(t.tokensPerStep, tokens);
        QCOMPARE(t.targetTokensPerStep, targets);
        // Tensor memory per step: the first step creates the gradients (one per trained value, still
        // on the parameters after training) and the AdamW moments (two more, freed with the
        // optimiser when training returns), which every later step finds held, so its peak is the
        // largest.
        QCOMPARE(t.stepPeakTensorBytes.size(), std::size_t(5));
        std::int64_t trainedBytes = 0;
        for (const auto& p : m.parameters())
            trainedBytes += p.numel() * p.element_size();
        QVERIFY(t.heldTensorBytes >= trainedBytes);
        QVERIFY(t.stepPeakTensorBytes.front() >= t.heldTensorBytes + 2 * trainedBytes);
        for (std::size_t i = 1; i < t.stepPeakTensorBytes.size(); ++i)
            QVERIFY(t.stepPeakTensorBytes[i] > 0 && t.stepPeakTensorBytes[i] < t.stepPeakTensorBytes.front());
        // Real optimiser steps on the same batch: T moved and the loss fell.
        QVERIFY(!torch::equal(taskBefore, m.taskPrompt().detach()));
        QVERIFY2(t.losses.back() < t.losses.front(),
                 (std::to_string(t.losses.front()) + " -> " + std::to_string(t.losses.back())).c_str());
    }

    void refusesBadOptions()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::timeTrainingSteps(m, {}, w.ds, {}, 0, 1));
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::timeTrainingSteps(m, ex, w.ds, {}, 0, 0));
        api::TrainBenchOptions bad;
        bad.batch = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::runTrainBenchmark(bad));
        bad = {};
        bad.config = {{"train", {{"nonsense", 1}}}};
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::runTrainBenchmark(bad));
    }

    void medianOfLists()
    {
        QCOMPARE(train::median({}), 0.0);
        QCOMPARE(train::median({3.0, 1.0, 2.0}), 2.0);
        QCOMPARE(train::median({4.0, 1.0, 2.0, 3.0}), 2.5);
    }

    void peakMemoryIsThisProcess()
    {
        const double before = api::peakResidentMiB();
        QVERIFY(before > 0.0);
        QVERIFY(api::residentMiB() > 0.0);
        QVERIFY(api::residentMiB() <= before + 1.0);
        {
            std::vector<char> block(64u << 20, 1); // touch 64 MiB
            QVERIFY(block[12345] == 1);
            QVERIFY(api::peakResidentMiB() >= before);
            QVERIFY(api::peakResidentMiB() >= api::residentMiB() - 1.0);
            QVERIFY(api::residentMiB() > 60.0);
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainBenchmark)
#include "test_train_benchmark.moc"
