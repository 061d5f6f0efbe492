// Added tokens (special or not) that Hugging Face matches whole in the raw text before any
// normalisation or pre-tokenization: leftmost-longest matching with lstrip / rstrip / single_word.
// Leaves out tokens flagged "normalized" being matched on normalised text (treated as raw).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace persona::tokenizers {

struct AddedToken {
    std::string content;
    std::int32_t id = -1;
    bool special = false;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
};

class AddedTokenMatcher {
public:
    struct Segment {
        std::size_t begin = 0;
        std::size_t end = 0;
        std::int32_t id = -1; // -1: ordinary text to tokenize
    };

    void add(const AddedToken& token);
    bool empty() const { return m_tokens.empty(); }
    const std::vector<AddedToken>& tokens() const { return m_tokens; }

    // Cuts `text` into ordinary segments and added-token segments, in order, covering it (except
    // whitespace swallowed by lstrip/rstrip).
    std::vector<Segment> split(std::string_view text) const;

private:
    std::vector<AddedToken> m_tokens;
    // First byte -> indexes into m_tokens, longest content first.
    std::unordered_map<unsigned char, std::vector<std::size_t>> m_byFirstByte;
};

// The "added_tokens" array of a tokenizer.json root (empty when absent). Throws nlohmann's
// exceptions on malformed entries; the callers turn them into a FormatError naming the file.
std::vector<AddedToken> addedTokensFromJson(const nlohmann::json& root, const std::string& path);

} // namespace persona::tokenizers
