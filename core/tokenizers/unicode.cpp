#include "core/tokenizers/unicode.h"

#include <utf8proc.h>

namespace persona::tokenizers {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of the sequence a lead byte announces, 0 for bytes that cannot start one.
int sequenceLength(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

// Whether `byte` may follow `lead` as the second byte (excludes overlongs, surrogates, > U+10FFFF).
bool validSecond(unsigned char lead, unsigned char byte)
{
    switch (lead) {
    case 0xE0: return byte >= 0xA0 && byte <= 0xBF;
    case 0xED: return byte >= 0x80 && byte <= 0x9F;
    case 0xF0: return byte >= 0x90 && byte <= 0xBF;
    case 0xF4: return byte >= 0x80 && byte <= 0x8F;
    default: return byte >= 0x80 && byte <= 0xBF;
    }
}

std::array<std::string, 256> buildByteMap()
{
    std::array<std::string, 256> map;
    std::array<bool, 256> printable{};
    for (int b = '!'; b <= '~'; ++b)
        printable[b] = true;
    for (int b = 0xA1; b <= 0xAC; ++b)
        printable[b] = true;
    for (int b = 0xAE; b <= 0xFF; ++b)
        printable[b] = true;
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        char32_t cp = printable[b] ? static_cast<char32_t>(b) : next++;
        appendUtf8(map[b], cp);
    }
    return map;
}

std::array<int, 324> buildReverseMap()
{
    std::array<int, 324> rev;
    rev.fill(-1);
    const auto& map = byteToUnicode();
    for (int b = 0; b < 256; ++b) {
        std::size_t pos = 0;
        rev[nextCodePoint(map[b], pos)] = b;
    }
    return rev;
}

} // namespace

char32_t nextCodePoint(std::string_view text, std::size_t& pos)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    unsigned char lead = s[pos];
    int len = sequenceLength(lead);
    if (len == 1) {
        ++pos;
        return lead;
    }
    if (len == 0) {
        ++pos;
        return kReplacement;
    }
    char32_t cp = lead & (0xFF >> (len + 1));
    for (int i = 1; i < len; ++i) {
        std::size_t at = pos + i;
        bool ok = at < text.size() && (i == 1 ? validSecond(lead, s[at]) : (s[at] & 0xC0) == 0x80);
        if (!ok) {
            pos = at; // skip the maximal valid prefix, not the offending byte
            return kReplacement;
        }
        cp = (cp << 6) | (s[at] & 0x3F);
    }
    pos += len;
    return cp;
}

std::vector<char32_t> toCodePoints(std::string_view text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();)
        out.push_back(nextCodePoint(text, pos));
    return out;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string toUtf8(const std::vector<char32_t>& cps)
{
    std::string out;
    out.reserve(cps.size());
    for (char32_t cp : cps)
        appendUtf8(out, cp);
    return out;
}

bool isValidUtf8(std::string_view text)
{
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t before = pos;
        if (nextCodePoint(text, pos) == kReplacement) {
            // A literal U+FFFD is valid; a replacement produced by an error is not.
            if (pos - before != 3 || text.compare(before, 3, "\xEF\xBF\xBD") != 0)
                return false;
        }
    }
    return true;
}

std::string toValidUtf8(std::string_view text)
{
    if (isValidUtf8(text))
        return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t pos = 0; pos < text.size();)
        appendUtf8(out, nextCodePoint(text, pos));
    return out;
}

const std::array<std::string, 256>& byteToUnicode()
{
    static const std::array<std::string, 256> map = buildByteMap();
    return map;
}

int unicodeToByte(char32_t cp)
{
    static const std::array<int, 324> rev = buildReverseMap();
    return cp < rev.size() ? rev[cp] : -1;
}

namespace {
utf8proc_category_t category(char32_t cp)
{
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}
} // namespace

bool isLetter(char32_t cp)
{
    auto c = category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool isNumber(char32_t cp)
{
    auto c = category(cp);
    return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

bool isPunctuation(char32_t cp)
{
    auto c = category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

bool isMarkNonspacing(char32_t cp)
{
    return category(cp) == UTF8PROC_CATEGORY_MN;
}

bool isOther(char32_t cp)
{
    auto c = category(cp);
    return c == UTF8PROC_CATEGORY_CN || (c >= UTF8PROC_CATEGORY_CC && c <= UTF8PROC_CATEGORY_CO);
}

bool isWhiteSpace(char32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

char32_t toLowerSimple(char32_t cp)
{
    return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
}

std::vector<char32_t> nfd(const std::vector<char32_t>& cps)
{
    std::vector<char32_t> out;
    out.reserve(cps.size());
    utf8proc_int32_t buffer[32];
    for (char32_t cp : cps) {
        int lastBoundClass = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buffer, 32,
                                                     UTF8PROC_DECOMPOSE, &lastBoundClass);
        if (n < 0 || n > 32) {
            out.push_back(cp);
            continue;
        }
        for (utf8proc_ssize_t i = 0; i < n; ++i)
            out.push_back(static_cast<char32_t>(buffer[i]));
    }
    // Canonical ordering of combining marks (stable sort by combining class within runs).
    for (std::size_t i = 1; i < out.size(); ++i) {
        for (std::size_t j = i; j > 0; --j) {
            int cj = utf8proc_get_property(static_cast<utf8proc_int32_t>(out[j]))->combining_class;
            int cp = utf8proc_get_property(static_cast<utf8proc_int32_t>(out[j - 1]))->combining_class;
            if (cj == 0 || cp <= cj)
                break;
            std::swap(out[j], out[j - 1]);
        }
    }
    return out;
}

} // namespace persona::tokenizers
