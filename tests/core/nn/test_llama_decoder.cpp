// Tests core/nn/llama_decoder against the tiny random Llama written by tools/make_golden_models.py
// (same weights as HF safetensors and as GGUF with llama.cpp's q/k permutation).
#include "core/common/error.h"
#include "core/nn/llama_decoder.h"
#include "core/nn/weight_map.h"
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

using namespace persona;
using nn_test::dataPath;

class TestLlamaDecoder : public QObject {
    Q_OBJECT

private:
    nlohmann::json m_golden;
    runtime::LoadedDecoder m_st;
    runtime::LoadedDecoder m_gguf;

    void checkAgainstGolden(nn::LlamaDecoderImpl& model)
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        torch::Tensor logits = model.forward(ids, mask);
        QCOMPARE(logits.size(2), m_golden["vocab_size"].get<std::int64_t>());
        for (std::int64_t b = 0; b < ids.size(0); ++b) {
            std::int64_t row = 0;
            for (std::int64_t t = 0; t < ids.size(1); ++t) {
                if (mask[b][t].item<std::int64_t>() == 0)
                    continue;
                torch::Tensor expected = nn_test::floatVector(m_golden["logits"][b][row++]);
                const double diff = nn_test::maxAbsDiff(logits[b][t], expected);
                if (diff > 1e-4)
                    QFAIL(qPrintable(QString("batch %1 position %2: max |diff| %3 > 1e-4").arg(b).arg(t).arg(diff)));
            }
        }
    }

private slots:
    void initTestCase()
    {
        torch::manual_seed(0);
        m_golden = nn_test::readJson(dataPath("tiny_llama_golden.json"));
        m_st = runtime::loadDecoder(dataPath("tiny_llama"), {"cpu"});
        m_gguf = runtime::loadDecoder(dataPath("tiny_llama.gguf"), {"cpu"});
        QCOMPARE(m_st.format, std::string("safetensors"));
        QCOMPARE(m_gguf.format, std::string("gguf"));
    }

    void configsAgree()
    {
        for (const auto* c : {&m_st.config, &m_gguf.config}) {
            QCOMPARE(c->layers, 2);
            QCOMPARE(c->hidden, 32);
            QCOMPARE(c->heads, 4);
            QCOMPARE(c->kvHeads, 2);
            QCOMPARE(c->headDim, 8);
            QCOMPARE(c->intermediate, 64);
            QCOMPARE(c->vocabSize, 256);
            QCOMPARE(c->ropeTheta, 50000.0);
            QVERIFY(!c->tiedEmbeddings);
        }
    }

    void safetensorsMatchesReference() { checkAgainstGolden(*m_st.model); }
    void ggufMatchesReference() { checkAgainstGolden(*m_gguf.model); }

    void ggufUnpermutedEqualsSafetensors()
    {
        auto a = m_st.model->named_parameters();
        auto b = m_gguf.model->named_parameters();
        QCOMPARE(a.size(), b.size());
        for (const auto& item : a)
            QVERIFY2(torch::equal(item.value(), b[item.key()]), item.key().c_str());
    }

    void paddedBatchEqualsUnpadded()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        torch::Tensor batched = m_st.model->forward(ids, mask);
        // Right padding too: move each row's real tokens to the front.
        torch::Tensor rightIds = torch::zeros_like(ids);
        torch::Tensor rightMask = torch::zeros_like(mask);
        for (std::int64_t b = 0; b < ids.size(0); ++b) {
            torch::Tensor real = ids[b].masked_select(mask[b].to(torch::kBool));
            const std::int64_t n = real.size(0);
            rightIds[b].narrow(0, 0, n).copy_(real);
            rightMask[b].narrow(0, 0, n).fill_(1);
            torch::Tensor alone = m_st.model->forward(real.view({1, -1}))[0];
            const std::int64_t pad = ids.size(1) - n;
            QVERIFY(nn_test::maxAbsDiff(batched[b].narrow(0, pad, n), alone) < 1e-5);
            torch::Tensor right = m_st.model->forward(rightIds, rightMask)[b].narrow(0, 0, n);
            QVERIFY(nn_test::maxAbsDiff(right, alone) < 1e-5);
        }
    }

    void embeddingsEqualIds()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        nn::DecoderInput in;
        in.inputsEmbeds = m_st.model->embed(ids);
        in.attentionMask = mask;
        QVERIFY(nn_test::maxAbsDiff(m_st.model->forward(in), m_st.model->forward(ids, mask)) < 1e-6);
        QCOMPARE(m_st.model->inputEmbeddingMatrix().sizes(), (torch::IntArrayRef{256, 32}));
    }

    void lastOnlyPicksLastRealToken()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = torch::tensor({5, 6, 7, 0, 8, 9, 10, 11}, torch::kInt64).view({2, 4});
        torch::Tensor mask = torch::tensor({1, 1, 1, 0, 1, 1, 1, 1}, torch::kInt64).view({2, 4});
        nn::DecoderInput in;
        in.inputIds = ids;
        in.attentionMask = mask;
        in.lastOnly = true;
        torch::Tensor last = m_st.model->forward(in);
        QCOMPARE(last.sizes(), (torch::IntArrayRef{2, 1, 256}));
        torch::Tensor full = m_st.model->forward(ids, mask);
        QVERIFY(nn_test::maxAbsDiff(last[0][0], full[0][2]) < 1e-6);
        QVERIFY(nn_test::maxAbsDiff(last[1][0], full[1][3]) < 1e-6);
    }

    void kvCacheEqualsFullRecompute()
    {
        torch::NoGradGuard noGrad;
        // A left-padded batch: prefill, then single-token steps, against one full forward.
        torch::Tensor prompt = torch::tensor({0, 0, 1, 17, 99, 1, 200, 8, 77, 3}, torch::kInt64).view({2, 5});
        torch::Tensor promptMask = torch::tensor({0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, torch::kInt64).view({2, 5});
        torch::Tensor steps = torch::tensor({4, 250, 33, 9, 60, 61}, torch::kInt64).view({2, 3});
        torch::Tensor full = m_gguf.model->forward(torch::cat({prompt, steps}, 1),
                                                  torch::cat({promptMask, torch::ones_like(steps)}, 1));
        nn::KvCache cache = m_gguf.model->makeCache();
        nn::DecoderInput in;
        in.inputIds = prompt;
        in.attentionMask = promptMask;
        in.cache = &cache;
        torch::Tensor first = m_gguf.model->forward(in);
        QVERIFY(nn_test::maxAbsDiff(first.narrow(1, 2, 3)[0], full[0].narrow(0, 2, 3)) < 1e-5);
        for (std::int64_t s = 0; s < steps.size(1); ++s) {
            nn::DecoderInput step;
            step.inputIds = steps.narrow(1, s, 1);
            step.cache = &cache;
            torch::Tensor out = m_gguf.model->forward(step);
            QCOMPARE(out.sizes(), (torch::IntArrayRef{2, 1, 256}));
            const double diff = nn_test::maxAbsDiff(out.squeeze(1), full.select(1, 5 + s));
            QVERIFY2(diff < 1e-5, qPrintable(QString("step %1: %2").arg(s).arg(diff)));
        }
        QCOMPARE(cache.length(), 8);
        // A cache keeps its batch size.
        nn::DecoderInput wrong;
        wrong.inputIds = torch::ones({3, 1}, torch::kInt64);
        wrong.cache = &cache;
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { m_gguf.model->forward(wrong); }, {"batch"}));
    }

    void linearLayersForLora()
    {
        auto linears = m_st.model->linearLayers();
        QCOMPARE(linears.size(), std::size_t(14));
        QCOMPARE(linears[0].name, std::string("layers.0.self_attn.q_proj"));
        QCOMPARE(linears[8].kind, std::string("k"));
        QCOMPARE(linears[8].layer, 1);
        QCOMPARE(linears[6].linear->weight.sizes(), (torch::IntArrayRef{32, 64}));
        // A zero-initialised LoRA on every projection leaves the logits unchanged; a trained one changes them.
        torch::NoGradGuard noGrad;
        torch::Tensor ids = torch::tensor({1, 2, 3, 4}, torch::kInt64).view({1, 4});
        torch::Tensor before = m_st.model->forward(ids);
        for (auto& l : linears)
            l.linear->addLora("probe", 2, 4.0);
        QVERIFY(nn_test::maxAbsDiff(m_st.model->forward(ids), before) < 1e-6);
        linears[4].linear->lora("probe")->b.normal_();
        QVERIFY(nn_test::maxAbsDiff(m_st.model->forward(ids), before) > 1e-3);
        linears[4].linear->setLoraEnabled("probe", false);
        QVERIFY(nn_test::maxAbsDiff(m_st.model->forward(ids), before) < 1e-6);
        for (auto& l : linears)
            l.linear->removeLora("probe");
        QVERIFY(nn_test::maxAbsDiff(m_st.model->forward(ids), before) < 1e-6);
    }

    void unpermuteInvertsConverterPermute()
    {
        // permute(W) = W.reshape(h, 2, r/h/2, c).swapaxes(1, 2).reshape(r, c), as convert_hf_to_gguf.py.
        const std::int64_t heads = 3, rows = 12, cols = 5;
        torch::Tensor w = torch::arange(rows * cols, torch::kFloat32).view({rows, cols});
        torch::Tensor permuted = w.reshape({heads, 2, rows / heads / 2, cols}).transpose(1, 2).reshape({rows, cols}).contiguous();
        std::vector<float> data(permuted.data_ptr<float>(), permuted.data_ptr<float>() + permuted.numel());
        std::vector<float> back = nn::unpermuteRows(data, rows, cols, heads);
        QVERIFY(torch::equal(torch::tensor(back).view({rows, cols}), w));
    }

    void bfloat16RunsClose()
    {
        torch::NoGradGuard noGrad;
        auto bf = runtime::loadDecoder(dataPath("tiny_llama"), {"cpu", runtime::DType::BFloat16});
        QCOMPARE(bf.model->dtype(), torch::kBFloat16);
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        torch::Tensor low = bf.model->forward(ids, mask).to(torch::kFloat32);
        torch::Tensor ref = m_st.model->forward(ids, mask);
        QCOMPARE(low.sizes(), ref.sizes());
        QVERIFY(low.isfinite().all().item<bool>());
        // bf16 keeps ~3 significant digits: the logits agree to a few hundredths of their scale.
        torch::Tensor real = mask.to(torch::kBool);
        const double diff = (low.index({real}) - ref.index({real})).abs().max().item<double>();
        const double scale = ref.abs().max().item<double>();
        QVERIFY2(diff < 0.1 * scale, qPrintable(QString("bf16 max |diff| %1 at scale %2").arg(diff).arg(scale)));
    }

    void forwardRejectsBadInput()
    {
        torch::NoGradGuard noGrad;
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { m_st.model->forward(torch::full({1, 2}, 256, torch::kInt64)); },
                                                  {"256", "vocabulary"}));
        QVERIFY(nn_test::throwsNaming<ShapeError>(
            [&] { m_st.model->forward(torch::ones({1, 3}, torch::kInt64), torch::ones({1, 2}, torch::kInt64)); },
            {"attention mask"}));
        nn::DecoderInput in;
        in.inputsEmbeds = torch::zeros({1, 2, 31});
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { m_st.model->forward(in); }, {"embeddings"}));
    }
};

QTEST_APPLESS_MAIN(TestLlamaDecoder)
#include "test_llama_decoder.moc"
