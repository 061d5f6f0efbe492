#include "core/tokenizers/regex.h"

#include "core/common/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace persona::tokenizers {

struct Regex::Impl {
    pcre2_code* code = nullptr;
    ~Impl()
    {
        if (code)
            pcre2_code_free(code);
    }
};

Regex::Regex(const std::string& pattern, const std::string& origin, bool literal)
    : m_impl(std::make_unique<Impl>()), m_pattern(pattern)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    uint32_t options = PCRE2_UTF | PCRE2_UCP | (literal ? PCRE2_LITERAL : 0u);
    m_impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                 &errorCode, &errorOffset, nullptr);
    if (!m_impl->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof(message));
        throw ConfigError(origin + ": cannot compile regex '" + pattern + "' at offset " +
                          std::to_string(errorOffset) + ": " + reinterpret_cast<const char*>(message));
    }
    pcre2_jit_compile(m_impl->code, PCRE2_JIT_COMPLETE); // falls back to the interpreter on failure
}

Regex::~Regex() = default;

std::vector<std::pair<std::size_t, std::size_t>> Regex::findAll(std::string_view text) const
{
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    thread_local std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
        pcre2_match_data_create(16, nullptr), &pcre2_match_data_free);
    auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    std::size_t offset = 0;
    while (offset <= text.size()) {
        int rc = pcre2_match(m_impl->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, data.get(), nullptr);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            throw ConfigError("regex '" + m_pattern + "' failed with PCRE2 error " + std::to_string(rc));
        PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
        std::size_t begin = ov[0], end = ov[1];
        if (end > begin) {
            spans.emplace_back(begin, end);
            offset = end;
        } else {
            // Empty match: step over one whole code point.
            offset = begin + 1;
            while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80)
                ++offset;
        }
    }
    return spans;
}

} // namespace persona::tokenizers
