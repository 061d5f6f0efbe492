// Tests core/train with core/methods on tiny random models: decoder modes touch only what they
// should, loss goes down, seeded runs repeat exactly, cancel/pause from another thread, checkpoint
// round trip, and strict run configs.
#include "core/common/error.h"
#include "core/methods/checkpoint.h"
#include "core/methods/counting/counting_method.h"
#include "core/methods/text/text_prompt_method.h"
#include "core/common/cancel_token.h"
#include "core/train/run_config.h"
#include "core/train/evaluator.h"
#include "core/train/trainer.h"
#include "persoma_tiny.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>

using namespace persona;

namespace {

std::map<std::string, torch::Tensor> snapshot(torch::nn::Module& m)
{
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : m.named_parameters())
        out[p.key()] = p.value().detach().clone();
    return out;
}

train::TrainOptions quick(int steps)
{
    train::TrainOptions o;
    o.steps = steps;
    o.batchSize = 2;
    o.warmupSteps = 0;
    o.evalEvery = 0;
    o.learningRate = 1e-2;
    o.eval.generation.maxNewTokens = 4;
    return o;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void frozenModeTrainsOnlyTheAdapter()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        const auto before = snapshot(*w.decoder);
        const auto adapterBefore = snapshot(m.adapter());
        const torch::Tensor taskBefore = m.taskPrompt().detach().clone();
        train::trainMethod(m, ex, {}, w.ds, quick(3));
        for (const auto& p : w.decoder->named_parameters())
            QVERIFY2(torch::equal(p.value(), before.at(p.key())), p.key().c_str());
        bool changed = false;
        for (const auto& p : m.adapter().named_parameters())
            changed = changed || !torch::equal(p.value(), adapterBefore.at(p.key()));
        QVERIFY(changed);
        QVERIFY(!torch::equal(m.taskPrompt(), taskBefore));
    }

    void loraModeTrainsOnlyLora()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        const auto base = snapshot(*w.decoder); // before LoRAs exist
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Transformer, methods::DecoderMode::Lora));
        std::size_t loraTensors = 0;
        for (const auto& [name, t] : m.trainedState())
            loraTensors += name.find(".lora_") != std::string::npos;
        QCOMPARE(loraTensors, std::size_t(2 * 7 * 2)); // A and B on q,k,v,o,gate,up,down of 2 layers
        train::trainMethod(m, ex, {}, w.ds, quick(3));
        for (const auto& p : w.decoder->named_parameters()) {
            if (p.key().find("lora_") != std::string::npos)
                continue;
            QVERIFY2(torch::equal(p.value(), base.at(p.key())), p.key().c_str());
        }
        auto lin = w.decoder->linearLayers().front().linear;
        QVERIFY(lin->lora(methods::kLoraName)->b.abs().sum().item<double>() > 0); // B starts at zero
    }

    void fullModeTrainsTheDecoder()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::Text);
        const auto base = snapshot(*w.decoder);
        methods::TextPromptMethod m(w.decoder, *w.tokenizer, methods::DecoderMode::Full);
        train::trainMethod(m, ex, {}, w.ds, quick(2));
        QVERIFY(!torch::equal(w.decoder->blocks[0]->selfAttn->oProj->weight, base.at("layers.0.self_attn.o_proj.weight")));
        QVERIFY(!torch::equal(w.decoder->blocks[0]->mlp->downProj->weight, base.at("layers.0.mlp.down_proj.weight")));
        // The fused q/k/v and gate/up products must still reach each weight's gradient.
        QVERIFY(!torch::equal(w.decoder->blocks[0]->selfAttn->qProj->weight, base.at("layers.0.self_attn.q_proj.weight")));
        QVERIFY(!torch::equal(w.decoder->blocks[0]->selfAttn->vProj->weight, base.at("layers.0.self_attn.v_proj.weight")));
        QVERIFY(!torch::equal(w.decoder->blocks[0]->mlp->gateProj->weight, base.at("layers.0.mlp.gate_proj.weight")));
        QVERIFY(!torch::equal(w.decoder->blocks[0]->mlp->upProj->weight, base.at("layers.0.mlp.up_proj.weight")));
        methods::TextPromptMethod zero(w.decoder, *w.tokenizer, methods::DecoderMode::Frozen);
        QVERIFY(!zero.trainable());
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::trainMethod(zero, ex, {}, w.ds, quick(1)));
    }

    void lossDecreasesOnTinyProblem_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("mlp") << int(methods::AdapterKind::Mlp);
        QTest::newRow("transformer") << int(methods::AdapterKind::Transformer);
        QTest::newRow("perceiver") << int(methods::AdapterKind::Perceiver);
    }
    void lossDecreasesOnTinyProblem()
    {
        QFETCH(int, kind);
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        ex.resize(2);
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer,
                                 w.persomaConfig(static_cast<methods::AdapterKind>(kind), methods::DecoderMode::Lora));
        auto o = quick(40);
        o.learningRate = 1e-2;
        const auto r = train::trainMethod(m, ex, {}, w.ds, o);
        QCOMPARE(r.losses.size(), std::size_t(40));
        const double first = r.losses.front(), last = r.losses.back();
        std::string curve;
        for (double l : r.losses)
            curve += std::to_string(l).substr(0, 5) + " ";
        QVERIFY2(last < 0.5 * first, curve.c_str());
    }

    // The whole soft-prompt path carries the user: with the instruction and the task prompt the same
    // for everyone, an MLP adapter trained (with LoRA) on the tiny users must write each user's own
    // answer, and a user given another user's item vectors must get that user's answer. Fails when
    // the history vectors do not differ between users (a cache keyed wrongly, the items dropped
    // before the adapter) or when the adapter's output does not reach the decoder; with every
    // user's items made equal the loss stalls and user 0 gets user 1's answer. (A frozen tiny random
    // decoder cannot be steered to these targets at all, loss stays near 29, hence LoRA.)
    void adapterTellsUsersApart()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt, 3, 1);
        std::set<std::string> targets;
        for (const auto& e : ex)
            targets.insert(e.targetText);
        QVERIFY2(targets.size() >= 3, "the tiny users must want different answers for this test to mean anything");
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Lora));
        auto o = quick(400);
        o.batchSize = static_cast<int>(ex.size());
        o.learningRate = 1e-2;
        const auto r = train::trainMethod(m, ex, {}, w.ds, o);
        runtime::GenerationOptions g;
        g.stopTokenIds = methods::stopTokenIds(*w.tokenizer);
        g.maxNewTokens = 0;
        for (const auto& e : ex)
            g.maxNewTokens = std::max(g.maxNewTokens, static_cast<int>(e.targetIds.size()) + 2);
        auto answer = [&](const methods::Example& e) { return m.predict(e, g).text; };
        std::string curve;
        for (std::size_t i = 0; i < r.losses.size(); i += 25)
            curve += std::to_string(r.losses[i]).substr(0, 5) + " ";
        for (const auto& e : ex) {
            const std::string got = answer(e);
            QVERIFY2(got == e.targetText, (e.targetText + " / " + got + " / " + curve).c_str());
        }
        for (std::size_t i = 0; i < ex.size(); ++i) {
            const auto& other = ex[(i + 1) % ex.size()];
            methods::Example swapped = ex[i];
            swapped.items = other.items;
            swapped.positions = other.positions;
            QCOMPARE(answer(swapped), other.targetText);
        }
        // The evaluation's swapped-history loss sees it too: each target after the next user's
        // history costs far more (0.43 against 0.001 per target token) than after the user's own;
        // with every history alike, nothing.
        train::EvalOptions eo;
        eo.generation = g;
        const auto e = train::evaluateMethod(m, ex, w.ds, eo);
        QVERIFY2(e.swappedHistoryLoss > e.loss + 0.2, qPrintable(QString("loss %1, swapped %2").arg(e.loss).arg(e.swappedHistoryLoss)));
        auto alike = ex;
        for (auto& a : alike) {
            a.items = ex[0].items;
            a.positions = ex[0].positions;
        }
        const auto same = train::evaluateMethod(m, alike, w.ds, eo);
        QCOMPARE(same.swappedHistoryLoss, same.loss);
        eo.swappedHistoryLoss = false;
        const auto off = train::evaluateMethod(m, ex, w.ds, eo);
        QVERIFY(std::isnan(off.swappedHistoryLoss) && std::isfinite(off.loss));
        eo.swappedHistoryLoss = true;
        eo.computeLoss = false;
        QVERIFY(std::isnan(train::evaluateMethod(m, ex, w.ds, eo).swappedHistoryLoss));
    }

    void sameSeedSameLosses()
    {
        std::vector<double> runs[2];
        for (auto& losses : runs) {
            testing::TinyWorld w;
            auto ex = w.examples(methods::InputKind::SoftPrompt);
            torch::manual_seed(11);
            methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Perceiver, methods::DecoderMode::Frozen));
            auto o = quick(5);
            o.seed = 3;
            losses = train::trainMethod(m, ex, {}, w.ds, o).losses;
        }
        QVERIFY(runs[0] == runs[1]);
    }

    // train.microBatchSize: a batch run as several forward/backward passes must give the whole
    // batch's losses and update (each pass weighted by its share of the batch's target tokens). The
    // tiny users' targets differ in length, so weighting the passes equally (a mean of the passes'
    // means) would fail here; micro-batches of 3 in a batch of 4 also check an uneven last pass.
    void microBatchesGiveTheWholeBatchUpdate_data()
    {
        QTest::addColumn<bool>("text");
        QTest::addColumn<int>("micro");
        QTest::newRow("text-lora-1") << true << 1;
        QTest::newRow("text-lora-3") << true << 3;
        QTest::newRow("persoma-mlp-lora-1") << false << 1;
        QTest::newRow("persoma-mlp-lora-3") << false << 3;
    }
    void microBatchesGiveTheWholeBatchUpdate()
    {
        QFETCH(bool, text);
        QFETCH(int, micro);
        std::set<std::size_t> targetLengths;
        auto trainOnce = [&](int microBatch, std::vector<double>& losses) {
            testing::TinyWorld w;
            auto ex = w.examples(text ? methods::InputKind::Text : methods::InputKind::SoftPrompt, 3, 1);
            for (const auto& e : ex)
                targetLengths.insert(e.targetIds.size());
            torch::manual_seed(5);
            std::unique_ptr<methods::Method> m;
            if (text)
                m = std::make_unique<methods::TextPromptMethod>(w.decoder, *w.tokenizer, methods::DecoderMode::Lora);
            else
                m = std::make_unique<methods::PersomaMethod>(
                    w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Lora));
            auto o = quick(4);
            o.batchSize = 4;
            o.microBatchSize = microBatch;
            o.seed = 2;
            losses = train::trainMethod(*m, ex, {}, w.ds, o).losses;
            std::map<std::string, torch::Tensor> state;
            for (const auto& [name, t] : m->trainedState())
                state[name] = t.detach().clone();
            return state;
        };
        std::vector<double> whole, parts;
        const auto a = trainOnce(0, whole);
        const auto b = trainOnce(micro, parts);
        QVERIFY2(targetLengths.size() > 1, "the tiny users' targets must differ in length");
        QCOMPARE(parts.size(), whole.size());
        for (std::size_t i = 0; i < whole.size(); ++i)
            QVERIFY2(std::abs(parts[i] - whole[i]) < 1e-5 * std::max(1.0, std::abs(whole[i])),
                     (std::to_string(i) + ": " + std::to_string(parts[i]) + " vs " + std::to_string(whole[i])).c_str());
        QVERIFY(whole.back() != whole.front()); // the steps did update the state
        QCOMPARE(b.size(), a.size());
        for (const auto& [name, t] : a) {
            QVERIFY2(b.count(name), name.c_str());
            QVERIFY2(torch::allclose(b.at(name), t, 1e-4, 1e-6), name.c_str());
        }
    }

    void validationAndEarlyStopping()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        auto o = quick(12);
        o.evalEvery = 2;
        o.patience = 2;
        std::vector<train::Progress> seen;
        const auto r = train::trainMethod(m, ex, ex, w.ds, o, [&](const train::Progress& p) { seen.push_back(p); });
        QVERIFY(!r.evals.empty());
        QCOMPARE(seen.size(), std::size_t(r.stepsDone));
        QVERIFY(seen[1].evaluated && !seen[0].evaluated);
        QVERIFY(seen[1].valF1 >= 0.0 && seen[1].valF1 <= 1.0);
        QVERIFY(std::isfinite(seen[1].valLoss));
        QVERIFY(seen.back().tokensPerSecond > 0);
        QVERIFY(r.bestStep > 0);
        // With patience 2 the run stops once two evaluations fail to beat the best one.
        if (r.stoppedEarly)
            QVERIFY(r.stepsDone < 12);
    }

    void cancelAndPauseFromAnotherThread()
    {
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        torch::manual_seed(1);
        methods::PersomaMethod m(w.decoder, *w.tokenizer, w.persomaConfig(methods::AdapterKind::Mlp, methods::DecoderMode::Frozen));
        CancelToken token;
        std::atomic<int> step{0};
        std::atomic<bool> cancelled{false};
        auto o = quick(1000000);
        std::thread worker([&] {
            try {
                train::trainMethod(m, ex, {}, w.ds, o, [&](const train::Progress& p) { step = p.step; }, &token);
            } catch (const CancelledError&) {
                cancelled = true;
            }
        });
        while (step < 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        token.pause();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const int paused = step;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        QCOMPARE(step.load(), paused); // at most the step in flight finished
        token.resume();
        while (step < paused + 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        token.cancel();
        worker.join();
        QVERIFY(cancelled);
    }

    void checkpointRoundTrip_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("frozen") << int(methods::DecoderMode::Frozen);
        QTest::newRow("lora") << int(methods::DecoderMode::Lora);
    }
    void checkpointRoundTrip()
    {
        QFETCH(int, mode);
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/ckpt.safetensors";
        testing::TinyWorld w;
        auto ex = w.examples(methods::InputKind::SoftPrompt);
        std::vector<const methods::Example*> batch = {&ex[0], &ex[1]};
        double trainedLoss;
        std::vector<std::int64_t> trainedIds;
        runtime::GenerationOptions g;
        g.maxNewTokens = 6;
        {
            torch::manual_seed(1);
            methods::PersomaMethod m(w.decoder, *w.tokenizer,
                                     w.persomaConfig(methods::AdapterKind::Perceiver, static_cast<methods::DecoderMode>(mode)));
            train::trainMethod(m, ex, {}, w.ds, quick(3));
            methods::saveCheckpoint(path, m.trainedState());
            torch::NoGradGuard ng;
            trainedLoss = m.loss(batch).item<double>();
            trainedIds = m.predict(ex[0], g).ids;
        }
        testing::TinyWorld fresh; // same base weights (same seed), no LoRA yet
        torch::manual_seed(99);   // a different adapter initialisation
        methods::PersomaMethod m2(fresh.decoder, *fresh.tokenizer,
                                  fresh.persomaConfig(methods::AdapterKind::Perceiver, static_cast<methods::DecoderMode>(mode)));
        torch::NoGradGuard ng;
        QVERIFY(std::abs(m2.loss(batch).item<double>() - trainedLoss) > 1e-6);
        m2.loadTrainedState(methods::loadCheckpoint(path));
        QCOMPARE(m2.loss(batch).item<double>(), trainedLoss);
        QVERIFY(m2.predict(ex[0], g).ids == trainedIds);
        // A checkpoint of another shape is refused by name.
        methods::PersomaMethod mlp(fresh.decoder, *fresh.tokenizer,
                                   fresh.persomaConfig(methods::AdapterKind::Mlp, static_cast<methods::DecoderMode>(mode)));
        QVERIFY_THROWS_EXCEPTION(ConfigError, mlp.loadTrainedState(methods::loadCheckpoint(path)));
    }

    void runConfigIsStrict()
    {
        const train::RunConfig def;
        const nlohmann::json j = def.toJson();
        QVERIFY(train::RunConfig::fromJson(j).toJson() == j);
        nlohmann::json bad = j;
        bad["train"]["lr"] = 0.1;
        try {
            train::RunConfig::fromJson(bad);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("train.lr") != std::string::npos);
        }
        bad = j;
        bad["train"]["batchSize"] = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        bad = j;
        bad["train"]["microBatchSize"] = -2; // -1 is automatic
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        bad = j;
        bad["persoma"]["adapter"] = "lstm";
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        bad = j;
        bad["data"]["historySize"] = "ten";
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        bad = j;
        bad["method"] = "text"; // text prompting with a frozen decoder would train nothing
        QVERIFY_THROWS_EXCEPTION(ConfigError, train::RunConfig::fromJson(bad));
        const auto partial = train::RunConfig::fromJson({{"persoma", {{"adapter", "perceiver"}}}, {"train", {{"steps", 7}}}});
        QCOMPARE(partial.train.steps, 7);
        QVERIFY(partial.sections.persoma.adapter == methods::AdapterKind::Perceiver);
        QCOMPARE(partial.historySize, def.historySize);
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
