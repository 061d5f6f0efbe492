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

    // Rows of very different lengths (and an embeddings row) decoded together give each row the
    // tokens it gets alone: padding is masked, positions count real tokens, finished rows leave.
    void batchMatchesOneByOne()
    {
        torch::manual_seed(7);
        const auto vocab = m_model.model->config().vocabSize;
        std::vector<std::vector<std::int64_t>> rows;
        for (int len : {1, 3, 40, 7, 90, 2}) {
            const torch::Tensor t = torch::randint(vocab, {len}, torch::kInt64);
            rows.emplace_back(t.data_ptr<std::int64_t>(), t.data_ptr<std::int64_t>() + len);
        }
        runtime::GenerationOptions o;
        o.maxNewTokens = 10;
        // A stop token that some rows meet early and others never: the greedy third token of row 2.
        const auto probe = runtime::generate(*m_model.model, rows[2], o);
        QVERIFY(probe.ids.size() >= 3);
        o.stopTokenIds = {probe.ids[2]};
        const torch::Tensor embeds = m_model.model->embed(torch::tensor(rows[4]).view({1, -1}))[0];
        for (double temperature : {0.0, 0.8}) {
            o.temperature = temperature;
            o.seed = 11;
            std::vector<runtime::GenerationResult> alone;
            for (const auto& r : rows)
                alone.push_back(runtime::generate(*m_model.model, r, o));
            int stoppedEarly = 0;
            for (const auto& a : alone)
                stoppedEarly += a.stopReason == "stop_token" && a.generatedTokens < o.maxNewTokens;
            if (temperature == 0.0)
                QVERIFY(stoppedEarly >= 1); // the batch really shrinks mid-way
            for (int batchSize : {0, 1, 2, 4, 6}) {
                std::vector<runtime::BatchPrompt> prompts;
                for (std::size_t i = 0; i < rows.size(); ++i)
                    prompts.push_back(i == 4 ? runtime::BatchPrompt{{}, &embeds} : runtime::BatchPrompt{rows[i], nullptr});
                runtime::BatchOptions bo;
                bo.batchSize = batchSize;
                const auto batch = runtime::generateBatch(*m_model.model, prompts, o, bo);
                QCOMPARE(batch.size(), rows.size());
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    const QString what = QStringLiteral("row %1, batch %2, temperature %3").arg(i).arg(batchSize).arg(temperature);
                    QVERIFY2(batch[i].ids == alone[i].ids, qPrintable(what));
                    QVERIFY2(batch[i].stopReason == alone[i].stopReason, qPrintable(what));
                    QCOMPARE(batch[i].generatedTokens, alone[i].generatedTokens);
                    QCOMPARE(batch[i].promptTokens, static_cast<int>(rows[i].size()));
                    QCOMPARE(batch[i].decodeSteps, alone[i].decodeSteps);
                }
            }
        }
    }

    void batchRejectsBadRows()
    {
        runtime::GenerationOptions o;
        o.maxNewTokens = 4;
        std::vector<runtime::BatchPrompt> prompts{{m_prompt, nullptr}, {m_prompt, nullptr}, {{}, nullptr}};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generateBatch(*m_model.model, prompts, o); },
                                                   {"row 2", "no tokens"}));
        const auto context = m_model.model->config().maxPositions;
        prompts[2].ids.assign(static_cast<std::size_t>(context + 1), 5);
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generateBatch(*m_model.model, prompts, o); },
                                                   {"row 2", "context"}));
        prompts[2].ids = m_prompt;
        prompts[1].ids = {1, m_model.model->config().vocabSize};
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { runtime::generateBatch(*m_model.model, prompts, o); },
                                                  {"row 1", "vocabulary"}));
        prompts[1].ids = m_prompt;
        runtime::BatchOptions bo;
        bo.batchSize = -1;
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generateBatch(*m_model.model, prompts, o, bo); },
                                                   {"batch size", "-1"}));
        const torch::Tensor wrong = torch::zeros({3, m_model.model->config().hidden + 1});
        prompts[0] = {{}, &wrong};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generateBatch(*m_model.model, prompts, o); },
                                                   {"row 0", "embeddings"}));
        // A good batch after the refusals still runs; the automatic size is at least one row.
        prompts[0] = {m_prompt, nullptr};
        QCOMPARE(runtime::generateBatch(*m_model.model, prompts, o).size(), std::size_t{3});
        QVERIFY(runtime::automaticBatchSize(*m_model.model, 100000, 64, 1) == 1);
        QVERIFY(runtime::automaticBatchSize(*m_model.model, 8, 8, std::int64_t{1} << 40) == 64);
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
        // A prompt past the model's context is refused, not run with positions it was never given.
        o.maxNewTokens = 2;
        const auto context = m_model.model->config().maxPositions;
        const std::vector<std::int64_t> tooLong(static_cast<std::size_t>(context + 1), 7);
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::generate(*m_model.model, tooLong, o); },
                                                   {std::to_string(context + 1), "context"}));
    }

    // A model whose weights hold NaN generated "" (argmax of NaN logits is token 0, a stop token here
    // or not) and reported success; now the first logits are checked once per generation.
    void nonFiniteWeightsAreAnError()
    {
        runtime::LoadedDecoder broken = runtime::loadDecoder(nn_test::dataPath("tiny_llama.gguf"), {"cpu"});
        {
            torch::NoGradGuard noGrad;
            broken.model->inputEmbeddingMatrix()[m_prompt[2]].fill_(std::numeric_limits<float>::quiet_NaN());
        }
        runtime::GenerationOptions o;
        o.maxNewTokens = 4;
        QVERIFY(nn_test::throwsNaming<FormatError>([&] { runtime::generate(*broken.model, m_prompt, o); }, {"not finite"}));
        std::vector<runtime::BatchPrompt> rows(2);
        rows[0].ids = m_prompt;
        rows[1].ids = {1, 17};
        QVERIFY(nn_test::throwsNaming<FormatError>([&] { runtime::generateBatch(*broken.model, rows, o, {}); }, {"not finite"}));
        // The intact model still answers.
        QCOMPARE(runtime::generate(*m_model.model, m_prompt, o).ids.size(), std::size_t(4));
    }
};

QTEST_APPLESS_MAIN(TestGeneration)
#include "test_generation.moc"
