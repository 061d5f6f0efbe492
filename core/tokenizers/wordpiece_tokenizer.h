// WordPiece for BERT-style encoders (all-MiniLM-L6-v2): BertNormalizer (clean-up, CJK spacing,
// accent stripping, lower-casing), BertPreTokenizer (whitespace + punctuation), greedy
// longest-match-first with "##" continuations, [CLS] ... [SEP] and truncation. Loads vocab.txt
// or a tokenizer.json whose model is WordPiece. Leaves out sentence pairs (token type ids).
#pragma once

#include "core/tokenizers/added_tokens.h"
#include "core/tokenizers/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace persona::tokenizers {

class WordPieceTokenizer final : public Tokenizer {
public:
    struct Config {
        std::vector<std::string> vocab; // id -> token
        std::string unkToken = "[UNK]";
        std::string prefix = "##";
        std::size_t maxInputCharsPerWord = 100;
        bool cleanText = true;
        bool chineseChars = true;
        bool stripAccents = true;
        bool lowercase = true;
        std::vector<AddedToken> addedTokens; // [CLS], [SEP], ... matched whole in the raw text
        std::string clsToken = "[CLS]";
        std::string sepToken = "[SEP]";
        std::string padToken = "[PAD]";
        std::string maskToken = "[MASK]";
    };

    // FormatError naming `origin` when the unknown token is not in the vocabulary or ids repeat.
    WordPieceTokenizer(Config config, const std::string& origin);

    // One token a line (BERT's vocab.txt, uncased). [PAD] [UNK] [CLS] [SEP] [MASK] become special.
    static std::unique_ptr<WordPieceTokenizer> fromVocabFile(const std::string& path, bool lowercase = true);
    // From a parsed tokenizer.json whose model is WordPiece. `path` names the file in errors.
    static std::unique_ptr<WordPieceTokenizer> fromJson(const nlohmann::json& root, const std::string& path);

    std::string kind() const override { return "wordpiece"; }
    // With addSpecial: [CLS] ids [SEP], the ids cut so the whole fits maxLength(); without it the
    // ids alone are cut to maxLength().
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecial = true) const override;
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecial = true) const override;
    std::string idToToken(std::int32_t id) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::size_t vocabSize() const override { return m_vocab.size(); }
    bool isSpecial(std::int32_t id) const override;

    // Longest sequence encode() returns, specials included (default 512; 0: no limit).
    void setMaxLength(std::size_t maxLength) { m_maxLength = maxLength; }
    std::size_t maxLength() const { return m_maxLength; }

    // The normalised words BertNormalizer + BertPreTokenizer make of plain text (for tests, display).
    std::vector<std::string> preTokenize(std::string_view text) const;

private:
    void encodeWord(const std::u32string& word, std::vector<std::int32_t>& out) const;

    std::string m_origin;
    Config m_config;
    std::vector<std::string> m_vocab;
    std::unordered_map<std::string, std::int32_t> m_ids;
    std::vector<bool> m_special;
    AddedTokenMatcher m_added;
    std::int32_t m_unk = 0;
    std::size_t m_maxLength = 512;
};

} // namespace persona::tokenizers
