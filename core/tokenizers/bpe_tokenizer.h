// Byte-level BPE (GPT-2 family, SmolLM2): added tokens matched in the raw text, a pre-tokenizer,
// byte -> character mapping, merges applied by rank with a per-word cache, ByteLevel decoding.
// Loads from GGUF tokenizer.* metadata or a Hugging Face tokenizer.json (model.type "BPE").
// Leaves out BPE dropout, byte_fallback and subword prefixes/suffixes (ConfigError when asked).
#pragma once

#include "core/tokenizers/added_tokens.h"
#include "core/tokenizers/pre_tokenizer.h"
#include "core/tokenizers/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace persona::tokenizers {

class BpeTokenizer final : public Tokenizer {
public:
    struct Config {
        std::vector<std::string> vocab; // id -> token; may hold empty holes where ids are sparse
        std::vector<std::pair<std::string, std::string>> merges; // best (rank 0) first
        std::vector<AddedToken> addedTokens;
        PreTokenizer preTokenizer;
        std::string normalizer;           // "", "NFC", "NFD", "NFKC" or "NFKD"
        bool ignoreMerges = false;        // a word already in the vocabulary is not merged
        std::optional<std::int32_t> unk;  // for characters missing from the vocabulary
        std::vector<std::int32_t> prefixIds; // added around a sequence when encode(..., addSpecial)
        std::vector<std::int32_t> suffixIds;
    };

    // Validates `config` (merge parts and results must be in the vocabulary, ids in range).
    // Throws FormatError naming `origin` otherwise.
    BpeTokenizer(Config config, const std::string& origin);

    // From GGUF metadata: tokenizer.ggml.{model == "gpt2", tokens, merges, token_type, pre,
    // bos/eos/unknown/padding_token_id, add_bos_token, add_eos_token}. ConfigError naming the file
    // when the metadata is missing or of another kind, FormatError when inconsistent.
    static std::unique_ptr<BpeTokenizer> fromGguf(const io::GgufFile& file);
    // From a parsed tokenizer.json whose model is BPE. `path` names the file in errors.
    static std::unique_ptr<BpeTokenizer> fromJson(const nlohmann::json& root, const std::string& path);

    std::string kind() const override { return "bpe"; }
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecial = true) const override;
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecial = true) const override;
    std::string idToToken(std::int32_t id) const override;
    std::optional<std::int32_t> tokenToId(std::string_view token) const override;
    std::size_t vocabSize() const override { return m_vocab.size(); }
    bool isSpecial(std::int32_t id) const override;

    const PreTokenizer& preTokenizer() const { return m_pre; }

private:
    void encodeWord(const std::string& word, std::vector<std::int32_t>& out) const;
    std::vector<std::int32_t> mergeWord(const std::string& word) const;

    std::string m_origin;
    std::vector<std::string> m_vocab;
    std::unordered_map<std::string, std::int32_t> m_ids;
    // (left id << 32 | right id) -> (rank, merged id)
    std::unordered_map<std::uint64_t, std::pair<std::int32_t, std::int32_t>> m_merges;
    AddedTokenMatcher m_added;
    std::vector<bool> m_special;
    PreTokenizer m_pre;
    std::string m_normalizer;
    bool m_ignoreMerges = false;
    std::optional<std::int32_t> m_unk;
    std::vector<std::int32_t> m_prefix;
    std::vector<std::int32_t> m_suffix;

    mutable std::shared_mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>> m_cache;
};

} // namespace persona::tokenizers
