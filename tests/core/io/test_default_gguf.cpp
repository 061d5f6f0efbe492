// Tests core/io/gguf_file.cpp on the real default model (SmolLM2-135M-Instruct Q4_1): architecture
// metadata, the 272 tensors and their types, and dequantized values against gguf-py
// (tests/data/io/default_gguf_golden.json, made by tools/make_quant_fixtures.py). Skips when the
// model file is absent (scripts/fetch_models.py fetches it).
#include "core/io/gguf_file.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>

using namespace persona::io;

class TestDefaultGguf : public QObject {
    Q_OBJECT

    std::unique_ptr<GgufFile> m_file;
    nlohmann::json m_golden;

private slots:
    void initTestCase()
    {
        const QString path = PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
        if (!QFile::exists(path))
            QSKIP(qPrintable("default model absent (run scripts/fetch_models.py): " + path));
        m_file = GgufFile::open(path.toStdString());
        std::ifstream in(PERSONA_TEST_DATA "/io/default_gguf_golden.json");
        QVERIFY(in.good());
        m_golden = nlohmann::json::parse(in);
    }

    void architectureMetadata()
    {
        const GgufFile& f = *m_file;
        QCOMPARE(f.version(), 3u);
        QCOMPARE(*f.getString("general.architecture"), std::string("llama"));
        QCOMPARE(*f.getInt("llama.block_count"), std::int64_t{30});
        QCOMPARE(*f.getInt("llama.embedding_length"), std::int64_t{576});
        QCOMPARE(*f.getInt("llama.attention.head_count"), std::int64_t{9});
        QCOMPARE(*f.getInt("llama.attention.head_count_kv"), std::int64_t{3});
        QCOMPARE(*f.getInt("llama.feed_forward_length"), std::int64_t{1536});
        QCOMPARE(*f.getFloat("llama.rope.freq_base"), 100000.0);
        QVERIFY(std::abs(*f.getFloat("llama.attention.layer_norm_rms_epsilon") - 1e-5) < 1e-9);
        QCOMPARE(*f.getString("tokenizer.ggml.model"), std::string("gpt2"));
        QCOMPARE(*f.getString("tokenizer.ggml.pre"), std::string("smollm"));
        QCOMPARE(f.getStringArray("tokenizer.ggml.tokens").size(), std::size_t{49152});
        QCOMPARE(f.getIntArray("tokenizer.ggml.token_type").size(), std::size_t{49152});
        QVERIFY(!f.getStringArray("tokenizer.ggml.merges").empty());
        QCOMPARE(*f.getInt("tokenizer.ggml.bos_token_id"), std::int64_t{1});
        QCOMPARE(*f.getInt("tokenizer.ggml.eos_token_id"), std::int64_t{2});
        QVERIFY(f.getString("tokenizer.chat_template")->find("<|im_start|>") != std::string::npos);
    }

    void tensorsAndTypes()
    {
        const GgufFile& f = *m_file;
        QCOMPARE(f.tensors().size(), std::size_t{272});
        QVERIFY(!f.has("output.weight")); // tied embeddings
        std::map<std::string, int> types;
        for (const auto& t : f.tensors())
            ++types[t.dtype];
        QCOMPARE(types.size(), std::size_t{3});
        QCOMPARE(types["Q8_0"], 1);
        QCOMPARE(types["F32"], 61);   // 30 * 2 norms + output_norm
        QCOMPARE(types["Q4_1"], 210); // 30 * 7 linears
        QCOMPARE(f.info("token_embd.weight").shape, (std::vector<std::int64_t>{49152, 576}));
        QCOMPARE(f.info("blk.0.attn_k.weight").shape, (std::vector<std::int64_t>{192, 576}));
        QCOMPARE(f.info("blk.29.ffn_down.weight").shape, (std::vector<std::int64_t>{576, 1536}));
    }

    void valuesMatchGgufPy_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("token_embd") << "token_embd.weight";
        QTest::newRow("attn_q") << "blk.0.attn_q.weight";
        QTest::newRow("attn_norm") << "blk.0.attn_norm.weight";
    }

    void valuesMatchGgufPy()
    {
        QFETCH(QString, name);
        const auto& g = m_golden["tensors"][name.toStdString()];
        const TensorInfo& info = m_file->info(name.toStdString());
        QCOMPARE(info.dtype, g["type"].get<std::string>());
        QCOMPARE(info.shape, g["shape"].get<std::vector<std::int64_t>>());
        const std::vector<float> v = m_file->readF32(name.toStdString());
        const auto first = g["first64"].get<std::vector<double>>();
        for (std::size_t i = 0; i < first.size(); ++i)
            QCOMPARE(v[i], static_cast<float>(first[i]));
        const std::int64_t cols = info.shape.back();
        for (const auto& [row, sum] : g["row_sums"].items()) {
            double s = 0;
            const std::size_t r = std::stoul(row);
            for (std::int64_t c = 0; c < cols; ++c)
                s += v[r * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)];
            QVERIFY2(std::abs(s - sum.get<double>()) < 1e-9 * std::max(1.0, std::abs(s)),
                     qPrintable(QString("row %1: %2 vs %3").arg(r).arg(s).arg(sum.get<double>())));
        }
        double total = 0;
        for (float x : v)
            total += x;
        QVERIFY(std::abs(total - g["total_sum"].get<double>()) < 1e-6 * std::max(1.0, std::abs(total)));
    }

    void wholeFileDequantizesQuickly()
    {
        QElapsedTimer timer;
        timer.start();
        std::size_t n = 0;
        for (const auto& t : m_file->tensors())
            n += m_file->readF32(t.name).size();
        QCOMPARE(n, std::size_t{134515008});
        qInfo("dequantized %zu values in %lld ms", n, static_cast<long long>(timer.elapsed()));
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_APPLESS_MAIN(TestDefaultGguf)
#include "test_default_gguf.moc"
