// Golden test of the real all-MiniLM-L6-v2 against transformers + sentence-transformers pooling
// (fixture written by tools/make_golden_models.py): 5 sentence embeddings, cosine > 0.999.
#include "core/runtime/model_loader.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

#include <filesystem>

using namespace persona;

class TestGoldenEncoder : public QObject {
    Q_OBJECT

private slots:
    void embeddingsMatch()
    {
        const auto golden = nn_test::readJson(nn_test::dataPath("minilm_embed_golden.json"));
        const std::string path = std::string(PERSONA_MODELS_DIR) + "/" + golden["model"].get<std::string>();
        if (!std::filesystem::exists(path + "/model.safetensors"))
            QSKIP(qPrintable(QString::fromStdString("default encoder absent (" + path + "); run scripts/setup.sh")));
        auto encoder = runtime::loadEncoder(path, {"cpu"});
        QCOMPARE(encoder.config.hidden, 384);
        torch::NoGradGuard noGrad;
        torch::Tensor emb = encoder.model->encode(nn_test::longMatrix(golden["input_ids"]),
                                                  nn_test::longMatrix(golden["attention_mask"]));
        QCOMPARE(emb.size(0), std::int64_t(golden["embeddings"].size()));
        for (std::int64_t i = 0; i < emb.size(0); ++i) {
            torch::Tensor expected = nn_test::floatVector(golden["embeddings"][i]);
            const double cosine = torch::dot(emb[i], expected).item<double>() / expected.norm().item<double>();
            const double diff = nn_test::maxAbsDiff(emb[i], expected);
            QVERIFY2(cosine > 0.999 && diff < 1e-4,
                     qPrintable(QString("sentence %1: cosine %2, max |diff| %3").arg(i).arg(cosine, 0, 'g', 8).arg(diff)));
        }
    }
};

QTEST_APPLESS_MAIN(TestGoldenEncoder)
#include "test_golden_encoder.moc"
