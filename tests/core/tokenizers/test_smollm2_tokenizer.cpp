// Tests core/tokenizers/bpe_tokenizer.cpp on the real SmolLM2-135M-Instruct GGUF against the golden
// ids of tools/make_golden_tokens.py (transformers with the original SmolLM2 pre-tokenizer):
// exact ids, decode(encode(s)) == s, special ids, and encoding speed.
#include "core/io/gguf_file.h"
#include "core/tokenizers/bpe_tokenizer.h"
#include "tokenizer_golden.h"

#include <QtTest/QtTest>

#include <chrono>

using namespace persona::tokenizers;

class TestSmolLm2Tokenizer : public QObject {
    Q_OBJECT

    std::unique_ptr<Tokenizer> m_tok;

private slots:
    void initTestCase()
    {
        const QString path = PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
        if (!QFile::exists(path))
            QSKIP(qPrintable("default model absent (run scripts/fetch_models.py): " + path));
        m_tok = loadTokenizer(path.toStdString());
    }

    void vocabulary()
    {
        QCOMPARE(m_tok->vocabSize(), std::size_t(49152));
        QCOMPARE(m_tok->specialTokens().bos.value_or(-1), 1);
        QCOMPARE(m_tok->specialTokens().eos.value_or(-1), 2);
        QCOMPARE(m_tok->specialTokens().pad.value_or(-1), 2);
        QCOMPARE(QString::fromStdString(m_tok->idToToken(1)), QString("<|im_start|>"));
        QVERIFY(m_tok->isSpecial(2));
        QVERIFY(!m_tok->isSpecial(100));
        QCOMPARE(m_tok->tokenToId("<|im_end|>").value_or(-1), 2);
    }

    void golden()
    {
        const auto fixture = golden::load("smollm2_golden.json");
        QVERIFY(fixture["entries"].size() >= 40);
        int failures = 0;
        for (const auto& entry : fixture["entries"]) {
            const std::string text = entry["text"].get<std::string>();
            const auto expected = entry["ids"].get<std::vector<std::int32_t>>();
            const std::string report = golden::compare(text, expected, m_tok->encode(text, false), *m_tok);
            if (!report.empty()) {
                qWarning("%s", report.c_str());
                ++failures;
            }
            // SmolLM2 adds no BOS: addSpecial changes nothing.
            QCOMPARE(m_tok->encode(text, true), m_tok->encode(text, false));
        }
        QCOMPARE(failures, 0);
    }

    void tokenStrings()
    {
        const auto fixture = golden::load("smollm2_golden.json");
        for (const auto& entry : fixture["entries"]) {
            const auto expected = entry["tokens"].get<std::vector<std::string>>();
            QCOMPARE(m_tok->tokens(entry["text"].get<std::string>(), false), expected);
        }
    }

    void roundTrip()
    {
        const auto fixture = golden::load("smollm2_golden.json");
        for (const auto& entry : fixture["entries"]) {
            const std::string text = entry["text"].get<std::string>();
            QCOMPARE(QString::fromStdString(m_tok->decode(m_tok->encode(text, false), false)),
                     QString::fromStdString(text));
        }
    }

    void digitsSplitIndividually()
    {
        QCOMPARE(m_tok->encode("1995", false).size(), std::size_t(4));
    }

    void speed()
    {
        // A fresh tokenizer (cold word cache) on 1,000 varied short descriptions.
        const auto tok = loadTokenizer(PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf");
        const std::vector<std::string> words = {
            "drama", "family", "secrets", "summer", "sea", "detective", "murder", "Paris", "war", "love",
            "robot", "space", "journey", "Toy", "Story", "comedy", "thriller", "café", "naïve", "heist",
            "1995", "(1977)", "sci-fi", "children's", "noir", "western", "musical", "Grüße", "東京", "🎬"};
        std::vector<std::string> texts;
        std::uint32_t state = 12345;
        for (int i = 0; i < 1000; ++i) {
            std::string text = "Movie " + std::to_string(i) + ":";
            for (int w = 0; w < 25; ++w) {
                state = state * 1664525u + 1013904223u;
                text += " " + words[(state >> 8) % words.size()];
                if ((state >> 20) % 7 == 0)
                    text += std::to_string(state % 100000) + "xyz"[state % 3];
            }
            texts.push_back(text);
        }
        const auto start = std::chrono::steady_clock::now();
        std::size_t total = 0;
        for (const auto& t : texts)
            total += tok->encode(t, false).size();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        qInfo("encoded 1000 descriptions (%zu tokens) in %.1f ms", total, ms);
        QVERIFY(total > 25000);
        QVERIFY2(ms < 1000.0, qPrintable(QString("took %1 ms").arg(ms)));
    }
};

QTEST_APPLESS_MAIN(TestSmolLm2Tokenizer)
#include "test_smollm2_tokenizer.moc"
