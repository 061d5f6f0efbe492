// Tests core/tokenizers/wordpiece_tokenizer.cpp on a small hand-written vocabulary: BERT's
// normaliser and pre-tokenizer, greedy longest-match-first, [UNK] rules, truncation, batches and
// malformed files.
#include "core/common/error.h"
#include "core/tokenizers/wordpiece_tokenizer.h"

#include <QtTest/QtTest>

#include <fstream>
#include <numeric>

using namespace persona::tokenizers;

namespace {

const std::vector<std::string> kVocab = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", "world", ",", "!",
    "cafe", "中", "文", "$", "5", "the", "##s", "a", "##b", "##c", "."};

WordPieceTokenizer::Config tinyConfig()
{
    WordPieceTokenizer::Config config;
    config.vocab = kVocab;
    for (const char* name : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
        auto id = static_cast<std::int32_t>(std::find(kVocab.begin(), kVocab.end(), name) - kVocab.begin());
        config.addedTokens.push_back({name, id, true, false, false, false});
    }
    return config;
}

std::vector<std::string> names(const WordPieceTokenizer& tok, const std::vector<std::int32_t>& ids)
{
    std::vector<std::string> out;
    for (auto id : ids)
        out.push_back(tok.idToToken(id));
    return out;
}

} // namespace

class TestWordPieceTokenizer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void greedyLongestMatch()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        const std::vector<std::string> expected = {"[CLS]", "un", "##aff", "##able", "hello", ",", "world", "!", "[SEP]"};
        QCOMPARE(names(tok, tok.encode("UnAffable hello,WORLD!")), expected);
    }

    void unknownWords()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        // "unx": "un" matches but "##x" does not, so the whole word is [UNK].
        const std::vector<std::string> expected = {"hello", "[UNK]", "world"};
        QCOMPARE(names(tok, tok.encode("hello unx world", false)), expected);
        const std::string longWord = "a" + std::string(100, 'b'); // 101 chars > 100
        QCOMPARE(names(tok, tok.encode(longWord, false)), std::vector<std::string>{"[UNK]"});
        QCOMPARE(tok.encode("a" + std::string(99, 'b'), false).size(), std::size_t(100));
    }

    void normaliser()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        // Accents stripped (NFD, drop Mn), CJK split per character, ASCII symbols isolated, control
        // and format characters (U+0001, U+200B) dropped, every whitespace (tab, U+00A0) a separator.
        QCOMPARE(tok.preTokenize("Café中文$5\tthe\u200Bs\u00A0\x01" "a"),
                 (std::vector<std::string>{"cafe", "中", "文", "$", "5", "thes", "a"}));
        QCOMPARE(names(tok, tok.encode("CAFÉ 中文 $5 the\u200Bs", false)),
                 (std::vector<std::string>{"cafe", "中", "文", "$", "5", "the", "##s"}));
    }

    void specialTokensInText()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        QCOMPARE(names(tok, tok.encode("hello [MASK] world", false)),
                 (std::vector<std::string>{"hello", "[MASK]", "world"}));
        QCOMPARE(tok.decode(tok.encode("hello [MASK] world")), std::string("hello world"));
        QCOMPARE(tok.decode(tok.encode("hello , world !"), false), std::string("[CLS] hello, world! [SEP]"));
        QCOMPARE(tok.decode(tok.encode("unaffable")), std::string("unaffable"));
    }

    void truncation()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        tok.setMaxLength(5);
        const auto ids = tok.encode("hello world hello world hello");
        QCOMPARE(names(tok, ids), (std::vector<std::string>{"[CLS]", "hello", "world", "hello", "[SEP]"}));
        QCOMPARE(tok.encode("hello world hello world hello", false).size(), std::size_t(5));
    }

    void batch()
    {
        WordPieceTokenizer tok(tinyConfig(), "tiny");
        const BatchEncoding b = tok.encodeBatch({"hello world", "hello", "hello world hello world"}, true, 5);
        QCOMPARE(b.ids.size(), std::size_t(3));
        for (const auto& row : b.ids)
            QCOMPARE(row.size(), std::size_t(5));
        QCOMPARE(b.ids[1], (std::vector<std::int32_t>{2, 8, 3, 0, 0}));
        QCOMPARE(b.attentionMask[1], (std::vector<std::int32_t>{1, 1, 1, 0, 0}));
        QCOMPARE(b.ids[2].back(), 3); // [SEP] kept after truncation
        QCOMPARE(std::accumulate(b.attentionMask[2].begin(), b.attentionMask[2].end(), 0), 5);
    }

    void vocabFile()
    {
        std::ofstream out(path("vocab.txt"), std::ios::binary);
        for (const auto& token : kVocab)
            out << token << "\n";
        out.close();
        const auto tok = loadTokenizer(path("vocab.txt"));
        QCOMPARE(QString::fromStdString(tok->kind()), QString("wordpiece"));
        QCOMPARE(tok->vocabSize(), kVocab.size());
        QCOMPARE(tok->encode("unaffable!"), (std::vector<std::int32_t>{2, 5, 6, 7, 11, 3}));
        QCOMPARE(tok->specialTokens().cls.value_or(-1), 2);
        QCOMPARE(tok->specialTokens().pad.value_or(-1), 0);
    }

    void missingUnknownToken()
    {
        WordPieceTokenizer::Config config;
        config.vocab = {"a", "b"};
        QVERIFY_THROWS_EXCEPTION(persona::FormatError, WordPieceTokenizer(config, "x"));
    }

    void badNormalizer()
    {
        std::ofstream out(path("tokenizer.json"), std::ios::binary);
        out << R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "normalizer": {"type": "Lowercase"}})";
        out.close();
        try {
            loadTokenizer(path("tokenizer.json"));
            QFAIL("no error");
        } catch (const persona::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(path("tokenizer.json"))), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestWordPieceTokenizer)
#include "test_wordpiece_tokenizer.moc"
