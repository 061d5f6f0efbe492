// Golden test of the real SmolLM2-135M-Instruct GGUF against transformers (fixture written by
// tools/make_golden_models.py): top-20 next-token logits for 3 prompts, and a 16-token greedy
// continuation. Needs the default model files (label `models`).
#include "core/nn/packed_linear.h"
#include "core/runtime/generation.h"
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

#include <filesystem>

using namespace persona;

class TestGoldenDecoder : public QObject {
    Q_OBJECT

private:
    nlohmann::json m_golden;
    runtime::LoadedDecoder m_model;

private slots:
    void initTestCase()
    {
        m_golden = nn_test::readJson(nn_test::dataPath("smollm2_golden.json"));
        const std::string path = std::string(PERSONA_MODELS_DIR) + "/" + m_golden["model"].get<std::string>();
        if (!std::filesystem::exists(path))
            QSKIP(qPrintable(QString::fromStdString("default decoder absent (" + path + "); run scripts/setup.sh")));
        m_model = runtime::loadDecoder(path, {"cpu"});
        QCOMPARE(m_model.config.layers, 30);
        QVERIFY(m_model.config.tiedEmbeddings);
    }

    void topLogitsMatch()
    {
        torch::NoGradGuard noGrad;
        int caseIndex = 0;
        for (const auto& c : m_golden["cases"]) {
            const auto ids = c["input_ids"].get<std::vector<std::int64_t>>();
            nn::DecoderInput in;
            in.inputIds = torch::tensor(ids).view({1, -1});
            in.lastOnly = true;
            torch::Tensor logits = m_model.model->forward(in).view({-1});
            const auto topIds = c["top_ids"].get<std::vector<std::int64_t>>();
            const auto topLogits = c["top_logits"].get<std::vector<double>>();
            for (std::size_t i = 0; i < topIds.size(); ++i) {
                const double actual = logits[topIds[i]].item<double>();
                const double expected = topLogits[i];
                if (std::abs(actual - expected) > 1e-3 * std::max(1.0, std::abs(expected)))
                    QFAIL(qPrintable(QString("prompt %1, rank %2, token %3: logit %4, expected %5")
                                         .arg(caseIndex).arg(i).arg(topIds[i]).arg(actual, 0, 'g', 8).arg(expected, 0, 'g', 8)));
            }
            QCOMPARE(logits.argmax().item<std::int64_t>(), topIds[0]);
            ++caseIndex;
        }
    }

    void greedyContinuationMatches()
    {
        const auto& c = m_golden["cases"][m_golden["greedy_prompt"].get<int>()];
        runtime::GenerationOptions o;
        o.maxNewTokens = 16;
        auto r = runtime::generate(*m_model.model, c["input_ids"].get<std::vector<std::int64_t>>(), o);
        QCOMPARE(r.ids, m_golden["greedy_ids"].get<std::vector<std::int64_t>>());
        qInfo("prefill %.1f tokens/s, decode %.1f tokens/s", r.prefillTokensPerSecond(), r.decodeTokensPerSecond());
        // Decoding multiplied the file's own block types: Q4_1 layers, the Q8_0 embedding as lm head.
        const std::map<std::string, int> routes{{"Q4_1", 4 * 30}, {"Q8_0", 1}};
        QCOMPARE(m_model.model->decodingWeights(), routes);
    }

    // Rows of different lengths decoded together through the packed kernels (three rows, under
    // the limit of 8) give each row what it gives alone.
    void packedBatchMatchesOneByOne()
    {
        std::vector<std::vector<std::int64_t>> rows;
        for (const auto& c : m_golden["cases"])
            rows.push_back(c["input_ids"].get<std::vector<std::int64_t>>());
        QVERIFY(rows.size() >= 3);
        QVERIFY(rows[0].size() != rows[1].size() || rows[1].size() != rows[2].size());
        nn::setPackedRowLimit(8);
        runtime::GenerationOptions o;
        o.maxNewTokens = 12;
        std::vector<runtime::BatchPrompt> prompts;
        for (const auto& r : rows)
            prompts.push_back({r, nullptr});
        const auto batch = runtime::generateBatch(*m_model.model, prompts, o);
        QCOMPARE(batch.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            QCOMPARE(batch[i].ids, runtime::generate(*m_model.model, rows[i], o).ids);
        QCOMPARE(m_model.model->decodingWeights().count("Q4_1"), std::size_t{1});
    }

    // Loaded in bfloat16, the decoding steps still multiply the file's Q4_1 and Q8_0 blocks (the
    // weights are their rounding), and the greedy continuation is the reference's.
    void bfloat16DecodesTheFileBlocks()
    {
        const std::string path = std::string(PERSONA_MODELS_DIR) + "/" + m_golden["model"].get<std::string>();
        runtime::LoadOptions lo;
        lo.device = "cpu";
        lo.dtype = runtime::DType::BFloat16;
        auto model = runtime::loadDecoder(path, lo);
        const auto& c = m_golden["cases"][m_golden["greedy_prompt"].get<int>()];
        runtime::GenerationOptions o;
        o.maxNewTokens = 16;
        const auto r = runtime::generate(*model.model, c["input_ids"].get<std::vector<std::int64_t>>(), o);
        const std::map<std::string, int> routes{{"Q4_1", 4 * 30}, {"Q8_0", 1}};
        QCOMPARE(model.model->decodingWeights(), routes);
        QCOMPARE(r.ids, m_golden["greedy_ids"].get<std::vector<std::int64_t>>());
    }

    // The packed decoding steps (Q4_1/Q8_0 kernels) against BLAS on the dequantized float32
    // weights, step by step along the reference continuation: logits within float32 summation
    // differences, the same choice at every step.
    void packedStepsAgreeWithDense()
    {
        torch::NoGradGuard noGrad;
        const auto& c = m_golden["cases"][m_golden["greedy_prompt"].get<int>()];
        const auto prompt = c["input_ids"].get<std::vector<std::int64_t>>();
        const auto continuation = m_golden["greedy_ids"].get<std::vector<std::int64_t>>();
        auto stepLogits = [&](std::int64_t rowLimit) {
            nn::setPackedRowLimit(rowLimit);
            nn::KvCache cache = m_model.model->makeCache();
            nn::DecoderInput in;
            in.inputIds = torch::tensor(prompt).view({1, -1});
            in.cache = &cache;
            in.lastOnly = true;
            std::vector<torch::Tensor> out{m_model.model->forward(in).view({-1})};
            for (std::size_t i = 0; i + 1 < continuation.size(); ++i) {
                in.inputIds = torch::full({1, 1}, continuation[i], torch::kInt64);
                out.push_back(m_model.model->forward(in).view({-1}));
            }
            return out;
        };
        const auto dense = stepLogits(0);
        const auto packed = stepLogits(16);
        for (std::size_t i = 0; i < dense.size(); ++i) {
            const double diff = nn_test::maxAbsDiff(packed[i], dense[i]);
            QVERIFY2(diff < 1e-3 * std::max(1.0, dense[i].abs().max().item<double>()),
                     qPrintable(QString("step %1: logits differ by %2").arg(i).arg(diff)));
            QCOMPARE(packed[i].argmax().item<std::int64_t>(), dense[i].argmax().item<std::int64_t>());
            QCOMPARE(packed[i].argmax().item<std::int64_t>(), continuation[i]);
        }
    }
};

QTEST_APPLESS_MAIN(TestGoldenDecoder)
#include "test_golden_decoder.moc"
