// A compiled PCRE2 (UTF + UCP, JIT when available) pattern that lists its match spans in a string.
// PCRE2's \s with UCP matches the same White_Space set as Oniguruma's (U+0085 included), which the
// golden fixtures check.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace persona::tokenizers {

class Regex {
public:
    // Compiles `pattern` (a regex, or a literal when `literal`). Throws ConfigError naming `origin`
    // (the file or the pre-tokenizer) and the offset when PCRE2 rejects it.
    Regex(const std::string& pattern, const std::string& origin, bool literal = false);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // Byte spans [begin, end) of the successive non-overlapping, non-empty matches in `text`, which
    // must be valid UTF-8. Thread-safe.
    std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view text) const;

    const std::string& pattern() const { return m_pattern; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_pattern;
};

} // namespace persona::tokenizers
