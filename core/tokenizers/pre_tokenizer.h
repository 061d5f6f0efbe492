// Pre-tokenization for the BPE tokenizer: Hugging Face's Sequence of Split(regex), Digits and
// ByteLevel steps, each applied to every piece the previous step produced (so a regex never looks
// across a piece boundary), plus the fixed splits llama.cpp names in tokenizer.ggml.pre.
// Leaves out the byte-to-character mapping itself (BpeTokenizer applies it when byteLevel()).
#pragma once

#include "core/tokenizers/regex.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace persona::tokenizers {

enum class SplitBehavior { Isolated, Removed, MergedWithPrevious, MergedWithNext, Contiguous };

class PreTokenizer {
public:
    // GPT-2's split (also ByteLevel's with use_regex).
    static const char* gpt2Pattern();
    // Llama 3's split (llama.cpp pre "llama-bpe").
    static const char* llama3Pattern();

    void addSplit(const std::string& pattern, bool literal, SplitBehavior behavior, bool invert,
                  const std::string& origin);
    void addDigits(bool individual);
    void addByteLevel(bool addPrefixSpace, bool useRegex);

    // From a tokenizer.json "pre_tokenizer" object (null: none). ConfigError naming `origin` for
    // types or behaviours it does not know.
    static PreTokenizer fromJson(const nlohmann::json& node, const std::string& origin);
    // From GGUF tokenizer.ggml.pre, as llama.cpp reads it. ConfigError for names it does not know.
    static PreTokenizer fromGgufPre(const std::string& pre, const std::string& origin);

    // Splits valid UTF-8 `text` into pieces (non-empty, in order).
    std::vector<std::string> split(std::string_view text) const;
    // Whether a ByteLevel step is present: pieces must then be mapped byte -> character for BPE.
    bool byteLevel() const { return m_byteLevel; }

private:
    enum class Kind { Split, Digits, ByteLevel };
    struct Step {
        Kind kind = Kind::Split;
        std::shared_ptr<Regex> regex;
        SplitBehavior behavior = SplitBehavior::Isolated;
        bool invert = false;
        bool flag = false; // Digits: individual digits; ByteLevel: add_prefix_space
        bool useRegex = true;
    };
    std::vector<Step> m_steps;
    bool m_byteLevel = false;
};

} // namespace persona::tokenizers
