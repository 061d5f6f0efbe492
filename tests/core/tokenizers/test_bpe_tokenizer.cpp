// Tests core/tokenizers/bpe_tokenizer.cpp, pre_tokenizer.cpp, added_tokens.cpp and the tokenizer.json
// path of the factory on two tiny byte-level BPEs trained by tools/make_golden_tokens.py with the
// tokenizers library; broken files fail with errors naming the file.
#include "core/common/error.h"
#include "core/tokenizers/bpe_tokenizer.h"
#include "core/tokenizers/unicode.h"
#include "tokenizer_golden.h"

#include <QtTest/QtTest>

using namespace persona::tokenizers;

namespace {

std::string dataPath(const std::string& name)
{
    return std::string(PERSONA_TEST_DATA) + "/tokenizers/" + name;
}

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

} // namespace

class TestBpeTokenizer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    template <typename E>
    void expectError(const std::string& file, const QString& needle)
    {
        try {
            loadTokenizer(file);
            QFAIL(qPrintable("no error for " + QString::fromStdString(file)));
        } catch (const E& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(file)), qPrintable(message));
            QVERIFY2(message.contains(needle), qPrintable(message));
        }
    }

    void checkGolden(const Tokenizer& tok, const nlohmann::json& entries)
    {
        QVERIFY(entries.size() > 30);
        int failures = 0;
        for (const auto& entry : entries) {
            const std::string text = entry["text"].get<std::string>();
            const auto expected = entry["ids"].get<std::vector<std::int32_t>>();
            const std::string report = golden::compare(text, expected, tok.encode(text, false), tok);
            if (!report.empty()) {
                qWarning("%s", report.c_str());
                ++failures;
            }
        }
        QCOMPARE(failures, 0);
    }

private slots:
    void byteMap()
    {
        QCOMPARE(QString::fromStdString(byteToUnicode()[' ']), QString::fromUtf8("Ġ"));
        QCOMPARE(QString::fromStdString(byteToUnicode()['\n']), QString::fromUtf8("Ċ"));
        QCOMPARE(QString::fromStdString(byteToUnicode()['a']), QString("a"));
        for (int b = 0; b < 256; ++b) {
            std::size_t pos = 0;
            QCOMPARE(unicodeToByte(nextCodePoint(byteToUnicode()[b], pos)), b);
        }
    }

    void gpt2Split()
    {
        PreTokenizer pre;
        pre.addByteLevel(false, true);
        const std::vector<std::string> expected = {"I", "'m", " here", "  ", " 123", "!!", "\n", " x"};
        QCOMPARE(pre.split("I'm here   123!!\n x"), expected);
        PreTokenizer digits;
        digits.addDigits(true);
        digits.addByteLevel(false, true);
        const std::vector<std::string> split = {"in", " ", "1", "9", "9", "5", "."};
        QCOMPARE(digits.split("in 1995."), split);
        const PreTokenizer llama3 = PreTokenizer::fromGgufPre("llama-bpe", "test");
        const std::vector<std::string> groups = {"Hello", " ", "123", "45", " WORLD", "'S"};
        QCOMPARE(llama3.split("Hello 12345 WORLD'S"), groups);
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, PreTokenizer::fromGgufPre("qwen2", "test"));
    }

    void tinyGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("digits+bytelevel") << "tiny_bpe";
        QTest::newRow("split+bytelevel, ignore_merges, added") << "tiny_bpe_split";
    }

    void tinyGolden()
    {
        QFETCH(QString, name);
        const auto tok = loadTokenizer(dataPath(name.toStdString() + "/tokenizer.json"));
        QCOMPARE(QString::fromStdString(tok->kind()), QString("bpe"));
        checkGolden(*tok, golden::load("tiny_bpe_golden.json")[name.toStdString()]);
    }

    void roundTrip()
    {
        const auto tok = loadTokenizer(dataPath("tiny_bpe"));
        const auto cases = golden::load("tiny_bpe_golden.json"); // held: a range-for over load(...)[key] would read a freed document
        for (const auto& entry : cases["tiny_bpe"]) {
            const std::string text = entry["text"].get<std::string>();
            QCOMPARE(QString::fromStdString(tok->decode(tok->encode(text, false), false)), QString::fromStdString(text));
        }
    }

    void stringMerges()
    {
        // The older "a b" merge spelling gives the same tokenizer as the [a, b] lists.
        auto root = nlohmann::json::parse(std::ifstream(dataPath("tiny_bpe/tokenizer.json")));
        QVERIFY(root["model"]["merges"][0].is_array());
        for (auto& merge : root["model"]["merges"])
            merge = merge[0].get<std::string>() + " " + merge[1].get<std::string>();
        writeFile(path("string_merges.json"), root.dump());
        const auto tok = loadTokenizer(path("string_merges.json"));
        checkGolden(*tok, golden::load("tiny_bpe_golden.json")["tiny_bpe"]);
    }

    void specialTokens()
    {
        const auto tok = loadTokenizer(dataPath("tiny_bpe"));
        const auto start = tok->tokenToId("<|im_start|>");
        QVERIFY(start.has_value());
        QVERIFY(tok->isSpecial(*start));
        const auto ids = tok->encode("<|im_start|>user", false);
        QCOMPARE(ids.front(), *start);
        QCOMPARE(QString::fromStdString(tok->decode(ids, true)), QString("user"));
        QCOMPARE(QString::fromStdString(tok->decode(ids, false)), QString("<|im_start|>user"));
    }

    void partialDecode()
    {
        const auto tok = loadTokenizer(dataPath("tiny_bpe"));
        const auto ids = tok->encode("😀", false);
        QVERIFY(ids.size() > 1); // four byte tokens
        const std::string first = tok->decode({ids.front()});
        QCOMPARE(QString::fromStdString(first), QString::fromUtf8("\xEF\xBF\xBD"));
        QVERIFY(isValidUtf8(tok->decode({ids[0], ids[1]})));
        QCOMPARE(tok->decode({-5, 1 << 30}), std::string()); // ids outside the vocabulary are skipped
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, tok->idToToken(1 << 30));
        // Invalid UTF-8 input is repaired, not a crash.
        QCOMPARE(QString::fromStdString(tok->decode(tok->encode("a\xFF" "b", false))), QString::fromUtf8("a\uFFFDb"));
    }

    void longInput()
    {
        // Long runs must not exhaust the regex engine's stack (the split regexes backtrack on \s+).
        const auto tok = loadTokenizer(dataPath("tiny_bpe_split"));
        const auto digits = loadTokenizer(dataPath("tiny_bpe"));
        for (const std::string& text : {std::string(300000, ' ') + "x", std::string(300000, 'a'),
                                        std::string(200000, '\n') + " y", std::string(100000, '!')}) {
            QCOMPARE(digits->decode(digits->encode(text, false)).size(), text.size());
            QVERIFY(!tok->encode(text, false).empty());
        }
    }

    void batch()
    {
        const auto tok = loadTokenizer(dataPath("tiny_bpe"));
        const BatchEncoding b = tok->encodeBatch({"Toy Story", "a", "Fargo (1996) is a film"}, false);
        QCOMPARE(b.ids.size(), std::size_t(3));
        QCOMPARE(b.ids[0].size(), b.ids[2].size());
        QCOMPARE(b.attentionMask[1].front(), 1);
        QCOMPARE(b.attentionMask[1].back(), 0);
        QCOMPARE(std::accumulate(b.attentionMask[2].begin(), b.attentionMask[2].end(), 0),
                 int(tok->encode("Fargo (1996) is a film", false).size()));
    }

    void notJson() { writeFile(path("bad.json"), "{\"model\": [1, 2"); expectError<persona::FormatError>(path("bad.json"), "JSON"); }
    void noModel() { writeFile(path("nomodel.json"), "{\"version\": \"1.0\"}"); expectError<persona::ConfigError>(path("nomodel.json"), "model"); }
    void unknownModelType()
    {
        writeFile(path("unigram.json"), R"({"model": {"type": "Unigram", "vocab": [["a", 0.0]]}})");
        expectError<persona::ConfigError>(path("unigram.json"), "Unigram");
    }
    void mergeOutsideVocab()
    {
        writeFile(path("merge.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}})");
        expectError<persona::FormatError>(path("merge.json"), "merge 0");
    }
    void unknownPreTokenizer()
    {
        writeFile(path("pre.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
                                        "pre_tokenizer": {"type": "Metaspace"}})");
        expectError<persona::ConfigError>(path("pre.json"), "Metaspace");
    }
    // Token ids that are not 32-bit integers are named, never narrowed or cast (1e57 as a long was
    // undefined behaviour; found by fuzz_tokenizer_json in CI).
    void idsThatAreNotIntegers()
    {
        writeFile(path("floatid.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1.55e57}, "merges": []}})");
        expectError<persona::FormatError>(path("floatid.json"), "vocabulary id of 'b' is 1.55e+57, not a token id");
        writeFile(path("halfid.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1.5}, "merges": []}})");
        expectError<persona::FormatError>(path("halfid.json"), "vocabulary id of 'b' is 1.5");
        writeFile(path("addedid.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
                                            "added_tokens": [{"content": "<x>", "id": 4294967296}]})");
        expectError<persona::FormatError>(path("addedid.json"), "added_tokens id of '<x>' is 4294967296");
        writeFile(path("padid.json"), R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
                                          "padding": {"pad_id": "zero"}})");
        expectError<persona::FormatError>(path("padid.json"), "padding.pad_id is \"zero\"");
    }
    void ggufWithoutTokenizer() { expectError<persona::ConfigError>(dataPath("no_tokenizer.gguf"), "tokenizer.ggml.model"); }
    void missingFile() { expectError<persona::IoError>(path("absent.json"), "no such"); }
};

QTEST_APPLESS_MAIN(TestBpeTokenizer)
#include "test_bpe_tokenizer.moc"
