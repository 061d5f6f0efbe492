// Tests core/nn/bert_encoder against the tiny random BERT written by tools/make_golden_models.py
// (transformers BertModel + mean pooling + L2 normalisation, as sentence-transformers).
#include "core/common/error.h"
#include "core/nn/bert_encoder.h"
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

using namespace persona;
using nn_test::dataPath;

class TestBertEncoder : public QObject {
    Q_OBJECT

private:
    nlohmann::json m_golden;
    runtime::LoadedEncoder m_enc;

private slots:
    void initTestCase()
    {
        m_golden = nn_test::readJson(dataPath("tiny_bert_golden.json"));
        m_enc = runtime::loadEncoder(dataPath("tiny_bert"), {"cpu"});
        QCOMPARE(m_enc.config.layers, 2);
        QCOMPARE(m_enc.config.hidden, 32);
        QCOMPARE(m_enc.config.maxPositions, 64);
    }

    void embeddingsMatchReference()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        torch::Tensor emb = m_enc.model->encode(ids, mask);
        QCOMPARE(emb.sizes(), (torch::IntArrayRef{3, 32}));
        for (std::int64_t b = 0; b < emb.size(0); ++b) {
            torch::Tensor expected = nn_test::floatVector(m_golden["embeddings"][b]);
            const double diff = nn_test::maxAbsDiff(emb[b], expected);
            QVERIFY2(diff < 1e-5, qPrintable(QString("row %1: max |diff| %2").arg(b).arg(diff)));
            QVERIFY(std::abs(emb[b].norm().item<double>() - 1.0) < 1e-5);
        }
    }

    void paddingDoesNotChangeEmbedding()
    {
        torch::NoGradGuard noGrad;
        torch::Tensor ids = nn_test::longMatrix(m_golden["input_ids"]);
        torch::Tensor mask = nn_test::longMatrix(m_golden["attention_mask"]);
        torch::Tensor batched = m_enc.model->encode(ids, mask);
        torch::Tensor alone = m_enc.model->encode(ids[1].masked_select(mask[1].to(torch::kBool)).view({1, -1}));
        QVERIFY(nn_test::maxAbsDiff(batched[1], alone[0]) < 1e-5);
    }

    void meanPoolingIgnoresPadding()
    {
        torch::Tensor hidden = torch::tensor({3.0f, 4.0f, 100.0f, -7.0f}).view({1, 2, 2});
        torch::Tensor mask = torch::tensor({1, 0}, torch::kInt64).view({1, 2});
        torch::Tensor pooled = nn::BertEncoderImpl::meanPoolNormalize(hidden, mask);
        QVERIFY(nn_test::maxAbsDiff(pooled, torch::tensor({0.6f, 0.8f}).view({1, 2})) < 1e-7);
    }

    void rejectsBadInput()
    {
        torch::NoGradGuard noGrad;
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { m_enc.model->forward(torch::ones({1, 65}, torch::kInt64)); },
                                                  {"65", "64"}));
        QVERIFY(nn_test::throwsNaming<ShapeError>([&] { m_enc.model->forward(torch::full({1, 3}, 200, torch::kInt64)); },
                                                  {"vocabulary"}));
        QVERIFY(nn_test::throwsNaming<ShapeError>(
            [&] { m_enc.model->forward(torch::ones({1, 3}, torch::kInt64), torch::ones({1, 4}, torch::kInt64)); }, {"mask"}));
    }
};

QTEST_APPLESS_MAIN(TestBertEncoder)
#include "test_bert_encoder.moc"
