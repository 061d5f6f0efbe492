// Tests User-LLM (core/methods/user_llm): with its gates at zero it is exactly the decoder on the
// task prompt (the blocks start from the frozen model's behaviour), the user costs no input token,
// training opens the gates and makes the answer's probability depend on the history, a saved run
// reopens with the same scores, and bad sections are refused by name before anything runs. On the
// tiny fixtures (tests/data/nn/tiny_train).
#include "core/common/error.h"
#include "core/methods/user_llm/user_llm_method.h"
#include "core/train/run.h"
#include "nn_test_util.h"
#include "tiny_run_folder.h"

#include <QtTest/QtTest>

using namespace persona;

namespace {
nlohmann::json userLlmConfig(const std::string& dir, int steps)
{
    nlohmann::json j = testing::tinyRunConfig(dir, "user-llm", steps);
    j.erase("persoma");
    j["decoder"]["mode"] = "frozen";
    j["userLlm"] = {{"layers", {0, 1}}, {"latents", 4}, {"hidden", 16}, {"perceiverLayers", 1}, {"heads", 2}};
    j["data"]["historySize"] = 3;
    j["train"]["learningRate"] = 1e-2;
    return j;
}

std::vector<const methods::Example*> pointers(const std::vector<methods::Example>& examples)
{
    std::vector<const methods::Example*> out;
    for (const auto& e : examples)
        out.push_back(&e);
    return out;
}

// The decoder alone on the same prompts and targets.
torch::Tensor plainLogProbs(methods::UserLlmMethod& m, const std::vector<const methods::Example*>& batch)
{
    torch::NoGradGuard noGrad;
    std::vector<methods::DecoderSequence> seqs;
    for (const auto* e : batch)
        seqs.push_back({torch::Tensor(), e->promptIds, e->targetIds});
    return methods::targetLogProbs(m.decoder(), methods::buildDecoderBatch(m.decoder(), seqs));
}
} // namespace

class TestUserLlm : public QObject {
    Q_OBJECT
private slots:
    void closedGatesThenTraining()
    {
        QTemporaryDir dir;
        const std::string out = dir.filePath("u").toStdString();
        train::Run run(train::RunConfig::fromJson(userLlmConfig(out, 30)));
        auto* m = dynamic_cast<methods::UserLlmMethod*>(&run.method());
        QVERIFY(m);
        QCOMPARE(m->crossLayers(), (std::vector<std::int64_t>{0, 1}));
        const auto examples = run.examples(data::Split::Test, 2);
        const auto batch = pointers(examples);
        // Gates at zero: exactly the decoder without the blocks.
        QVERIFY(torch::equal(m->targetLogProbs(batch), plainLogProbs(*m, batch)));
        for (const auto& [layer, g] : m->gates())
            QVERIFY(g.first == 0.0 && g.second == 0.0);
        // The decoder reads the task prompt alone (no history text, no soft token).
        QCOMPARE(m->inputTokens(examples.front()), static_cast<int>(examples.front().promptIds.size()));
        QVERIFY(examples.front().promptIds == examples.back().promptIds);

        run.trainAndSave();
        bool opened = false;
        for (const auto& [layer, g] : m->gates())
            opened = opened || g.first != 0.0 || g.second != 0.0;
        QVERIFY(opened);
        const torch::Tensor trained = m->targetLogProbs(batch);
        QVERIFY(!torch::equal(trained, plainLogProbs(*m, batch)));
        // The answer now depends on the history: user 0's target under user 1's items scores otherwise.
        methods::Example swapped = examples[0];
        swapped.items = examples[1].items;
        QVERIFY(std::abs(m->targetLogProbs({&swapped}).item<double>() - trained[0].item<double>()) > 1e-6);
        // Cross-attention weights over the user embeddings, per block: [batch, seq, latents].
        const auto attention = m->lastAttention();
        QCOMPARE(attention.size(), std::size_t(2));
        QCOMPARE(attention.at(1).size(2), std::int64_t(4));

        // Reopened from its folder: the same scores.
        auto reopened = train::Run::open(out);
        auto* r = dynamic_cast<methods::UserLlmMethod*>(&reopened->method());
        QVERIFY(r);
        QVERIFY(torch::allclose(r->targetLogProbs(batch), trained, 1e-5, 1e-5));
        // A prediction runs through the same hook, one prompt at a time.
        runtime::GenerationOptions g;
        g.maxNewTokens = 4;
        QVERIFY(r->predict(examples[0], g).generatedTokens > 0);
    }

    void badSectionsAreRefusedByName()
    {
        QTemporaryDir dir;
        nlohmann::json j = userLlmConfig(dir.filePath("u").toStdString(), 0);
        j["userLlm"]["layers"] = {5};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::Run run(train::RunConfig::fromJson(j)); },
                                                   {"userLlm.layers", "5", "2 layers"}));
        j["userLlm"]["layers"] = {1, 1};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::Run run(train::RunConfig::fromJson(j)); },
                                                   {"userLlm.layers", "twice"}));
        j["userLlm"]["layers"] = {1.5};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"userLlm.layers"}));
        j["userLlm"] = {{"hidden", 16}, {"heads", 3}};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"userLlm.hidden", "heads"}));
        // Its section belongs to it alone.
        j = userLlmConfig(dir.filePath("p").toStdString(), 0);
        j["method"] = "zero-shot";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"'userLlm'", "user-llm"}));
    }
};

QTEST_GUILESS_MAIN(TestUserLlm)
#include "test_user_llm.moc"
