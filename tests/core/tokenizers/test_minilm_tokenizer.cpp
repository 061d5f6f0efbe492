// Tests core/tokenizers/wordpiece_tokenizer.cpp on the real all-MiniLM-L6-v2 vocabulary (from its
// tokenizer.json and from vocab.txt) against the tokenizers library's ids: encode with [CLS]/[SEP],
// truncation at 512 and decode.
#include "core/tokenizers/wordpiece_tokenizer.h"
#include "tokenizer_golden.h"

#include <QtTest/QtTest>

using namespace persona::tokenizers;

class TestMiniLmTokenizer : public QObject {
    Q_OBJECT

    QString m_folder = PERSONA_MODELS_DIR "/all-minilm-l6-v2";

private slots:
    void initTestCase()
    {
        if (!QFile::exists(m_folder + "/tokenizer.json") || !QFile::exists(m_folder + "/vocab.txt"))
            QSKIP(qPrintable("default model absent (run scripts/fetch_models.py): " + m_folder));
    }

    void golden_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("tokenizer.json") << "tokenizer.json";
        QTest::newRow("vocab.txt") << "vocab.txt";
        QTest::newRow("folder") << "";
    }

    void golden()
    {
        QFETCH(QString, file);
        const auto tok = loadTokenizer((m_folder + "/" + file).toStdString());
        QCOMPARE(QString::fromStdString(tok->kind()), QString("wordpiece"));
        QCOMPARE(tok->vocabSize(), std::size_t(30522));
        QCOMPARE(tok->specialTokens().cls.value_or(-1), 101);
        QCOMPARE(tok->specialTokens().sep.value_or(-1), 102);
        QCOMPARE(tok->specialTokens().pad.value_or(-1), 0);
        const auto fixture = golden::load("minilm_golden.json");
        QVERIFY(fixture["entries"].size() >= 40);
        int failures = 0;
        for (const auto& entry : fixture["entries"]) {
            const std::string text = entry["text"].get<std::string>();
            const auto expected = entry["ids"].get<std::vector<std::int32_t>>();
            const std::string report = golden::compare(text, expected, tok->encode(text, true), *tok);
            if (!report.empty()) {
                qWarning("%s", report.c_str());
                ++failures;
            }
        }
        QCOMPARE(failures, 0);
    }

    void truncation()
    {
        const auto tok = loadTokenizer(m_folder.toStdString());
        const auto truncation = golden::load("minilm_golden.json")["truncation"];
        const auto expected = truncation["ids"].get<std::vector<std::int32_t>>();
        QCOMPARE(expected.size(), std::size_t(512));
        QCOMPARE(tok->encode(truncation["text"].get<std::string>(), true), expected);
    }

    void decode()
    {
        const auto tok = loadTokenizer(m_folder.toStdString());
        const auto cases = golden::load("minilm_golden.json"); // held: a range-for over load(...)[key] would read a freed document
        for (const auto& entry : cases["decode"]) {
            QCOMPARE(QString::fromStdString(tok->decode(entry["ids"].get<std::vector<std::int32_t>>(), true)),
                     QString::fromStdString(entry["text"].get<std::string>()));
        }
    }
};

QTEST_APPLESS_MAIN(TestMiniLmTokenizer)
#include "test_minilm_tokenizer.moc"
