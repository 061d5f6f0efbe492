// Tests core/runtime/generation on the tiny random Llama: greedy equals step-by-step argmax of a
// full recompute, seeded sampling is reproducible, stop tokens, limits, callbacks and top-p.
#include "core/common/error.h"
#include "core/runtime/generation.h"
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

using namespace persona;

class TestGeneration : public QObject {
    Q_OBJECT

private:
    runtime::LoadedDecoder m_model;
    const std::vector<std::int64_t> m_prompt{1, 17, 99, 254, 3};

private slots:
    void initTestCase() { m_model = runtime::loadDecoder(nn_test::dataPath("tiny_llama.gguf"), {"cpu"}); }

    void greedyMatchesFullRecompute()
    {
        runtime::GenerationOptions o;
        o.maxNewTokens = 12;
        auto r = runtime::generate(*m_model.model, m_prompt, o);
        QCOMPARE(r.ids.size(), std::size_t(12));
        QCOMPARE(r.promptTokens, 5);
        QCOMPARE(r.generatedTokens, 12);
        QCOMPARE(r.decodeSteps, 11);
        QCOMPARE(r.stopReason, std::string("max_tokens"));
        QVERIFY(r.prefillSeconds > 0.0 && r.decodeSeconds > 0.0);
        torch::NoGradGuard noGrad;
        std::vector<std::int64_t> seq = m_prompt;
        for (std::size_t i = 0; i < r.ids.size(); ++i) {
            torch::Tensor logits = m_model.model->forward(torch::tensor(seq).view({1, -1}));
            const std::int64_t expected = logits[0][-1].argmax().item<std::int64_t>();
            QCOMPARE(r.ids[i], expected);
            seq.push_back(expected);
        }
    }

    void embeddingsPromptEqualsIds()
    {
        runtime::GenerationOptions o;
        o.maxNewTokens = 6;
        torch::Tensor embeds;
        {
            torch::NoGradGuard noGrad;
            embeds = m_model.model->embed(torch::tensor(m_prompt).view({1, -1}));
        }
        QCOMPARE(runtime::generateFromEmbeddings(*m_model.model, embeds, o).ids, runtime::generate(*m_model.model, m_prompt, o).ids);
    }

    void seededSamplingIsReproducible()
    {
        runtime::GenerationOptions o;
        o.maxNewTokens = 20;
        o.temperature = 1.5;
        o.topP = 0.95;
        o.seed = 42;
        auto a = runtime::generate(*m_model.model, m_prompt, o);
        auto b = runtime::generate(*m_model.model, m_prompt, o);
        QCOMPARE(a.ids, b.ids);
        o.seed = 43;
        auto c = runtime::generate(*m_model.model, m_prompt, o);
        QVERIFY(a.ids != c.ids);
        o.temperature = 0.0;
        auto greedy = runtime::generate(*m_model.model, m_prompt, o);
        QVERIFY(greedy.ids != a.ids);
    }

    void stopTokensLimitsAndCallback()
    {
        runtime::GenerationOptions o;
        o.maxNewTokens = 12;
        auto full = runtime::generate(*m_model.model, m_prompt, o);
        o.stopTokenIds = {full.ids[3]};
        auto stopped = runtime::generate(*m_model.model, m_prompt, o);
        QCOMPARE(stopped.stopReason, std::string("stop_token"));
        QCOMPARE(stopped.stopTokenId, full.ids[3]);
        auto firstAt = std::find(full.ids.begin(), full.ids.end(), full.ids[3]) - full.ids.begin();
        QCOMPARE(stopped.ids, std::vector<std::int64_t>(full.ids.begin(), full.ids.begin() + firstAt));

        o.stopTokenIds.clear();
        int seen = 0;
        auto cb = runtime::generate(*m_model.model, m_prompt, o, [&](std::int64_t) { return ++seen < 2; });
        QCOMPARE(cb.stopReason, std::string("callback"));
        QCOMPARE(cb.ids.size(), std::size_t(2));
        o.maxNewTokens = 0;
        QVERIFY(runtime::generate(*m_model.model, m_prompt, o).ids.empty());
    }

    void pickTokenTopP()
    {
        torch::Tensor logits = torch::tensor({0.0f, 3.0f, 1.0f, 2.9f});
        QCOMPARE(runtime::pickToken(logits, 0.0, 1.0, 0.5), 1);
        // top-p small: only the most likely token survives, whatever the draw.
        for (double u : {0.0, 0.3, 0.99})
            QCOMPARE(runtime::pickToken(logits, 1.0, 0.1, u), 1);
        // top-p 0.9 keeps tokens 1 and 3 (0.48 + 0.43 mass); the draw picks between them.
        QCOMPARE(runtime::pickToken(logits, 1.0, 0.9, 0.0), 1);
        QCOMPARE(runtime::pickToken(logits, 1.0, 0.9, 0.999), 3);
        // Without top-p every token can be drawn: the lowest draw gets the most likely (sorted order
        // is only used with top-p; index order otherwise), the highest the last index.
        QCOMPARE(runtime::pickToken(logits, 1.0, 1.0, 0.0), 0);
        QCOMPARE(runtime::pickToken(logits, 1.0, 1.0, 0.9999), 3);
    }

    void rejectsBadOptions()
    {
        runtime::GenerationOptions o;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generate(*m_model.model, {}, o); }, {"prompt"}));
        o.topP = 0.0;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generate(*m_model.model, m_prompt, o); }, {"top-p"}));
        o.topP = 1.0;
        o.maxNewTokens = -1;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generate(*m_model.model, m_prompt, o); }, {"max new tokens"}));
    }
};

QTEST_APPLESS_MAIN(TestGeneration)
#include "test_generation.moc"
