#include "core/data/line_reader.h"

#include "core/common/error.h"
#include "core/common/file_checks.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace persona::data {

namespace {
constexpr std::size_t kBlock = std::size_t(1) << 20;

// A FIFO would block fopen until some writer appears: only regular files are opened.
std::FILE* openRegularFile(const std::string& path)
{
    requireRegularFile(path);
    return std::fopen(path.c_str(), "rb");
}
} // namespace

LineReader::LineReader(std::string path, std::size_t maxLineBytes)
    : m_path(std::move(path)), m_file(openRegularFile(m_path), &std::fclose), m_maxLine(maxLineBytes)
{
    if (!m_file)
        throw IoError(m_path + ": cannot open for reading (" + std::strerror(errno) + ")");
    std::error_code ec;
    m_fileSize = std::filesystem::file_size(m_path, ec);
    if (ec)
        m_fileSize = 0;
    m_buffer.resize(kBlock);
}

std::string LineReader::where(const std::string& what) const
{
    return m_path + ":" + std::to_string(m_lineNumber) + ": " + what;
}

bool LineReader::next(std::string_view& line)
{
    for (;;) {
        const char* base = m_buffer.data();
        const void* nl = m_begin < m_end ? std::memchr(base + m_begin, '\n', m_end - m_begin) : nullptr;
        std::size_t lineEnd = 0;
        std::size_t nextBegin = 0;
        if (nl) {
            lineEnd = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
            nextBegin = lineEnd + 1;
        } else if (m_eof) {
            if (m_begin >= m_end)
                return false;
            lineEnd = m_end;
            nextBegin = m_end;
        } else {
            // Keep the partial line, then read more behind it.
            if (m_begin > 0) {
                std::memmove(m_buffer.data(), base + m_begin, m_end - m_begin);
                m_end -= m_begin;
                m_begin = 0;
            }
            if (m_end == m_buffer.size()) {
                if (m_buffer.size() > m_maxLine) {
                    ++m_lineNumber;
                    throw FormatError(where("line longer than " + std::to_string(m_maxLine) + " bytes"));
                }
                m_buffer.resize(m_buffer.size() * 2);
            }
            const std::size_t got = std::fread(m_buffer.data() + m_end, 1, m_buffer.size() - m_end, m_file.get());
            if (got == 0) {
                if (std::ferror(m_file.get()))
                    throw IoError(m_path + ": read error after line " + std::to_string(m_lineNumber));
                m_eof = true;
            }
            m_end += got;
            continue;
        }
        if (lineEnd - m_begin > m_maxLine) {
            ++m_lineNumber;
            throw FormatError(where("line longer than " + std::to_string(m_maxLine) + " bytes"));
        }
        line = std::string_view(base + m_begin, lineEnd - m_begin);
        m_begin = nextBegin;
        ++m_lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (m_lineNumber == 1 && line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
        return true;
    }
}

void splitFields(std::string_view line, char sep, std::vector<std::string_view>& out)
{
    splitFields(line, std::string_view(&sep, 1), out);
}

void splitFields(std::string_view line, std::string_view sep, std::vector<std::string_view>& out)
{
    out.clear();
    std::size_t start = 0;
    for (;;) {
        const std::size_t pos = line.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(line.substr(start));
            return;
        }
        out.push_back(line.substr(start, pos - start));
        start = pos + sep.size();
    }
}

bool splitCsv(std::string_view line, std::vector<std::string>& out)
{
    out.clear();
    std::size_t i = 0;
    const std::size_t n = line.size();
    for (;;) {
        std::string field;
        if (i < n && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < n) {
                if (line[i] == '"') {
                    if (i + 1 < n && line[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                field.push_back(line[i++]);
            }
            if (!closed || (i < n && line[i] != ','))
                return false;
        } else {
            const std::size_t comma = line.find(',', i);
            const std::size_t stop = comma == std::string_view::npos ? n : comma;
            field.assign(line.substr(i, stop - i));
            if (field.find('"') != std::string::npos)
                return false;
            i = stop;
        }
        out.push_back(std::move(field));
        if (i >= n)
            return true;
        ++i; // the comma
        if (i == n) {
            out.emplace_back();
            return true;
        }
    }
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> parseInt(std::string_view s)
{
    s = trim(s);
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

std::optional<double> parseNumber(std::string_view s)
{
    s = trim(s);
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

namespace {
// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
        return 1;
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}
} // namespace

bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8SequenceLength(s, i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

std::string latin1ToUtf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::string repairUtf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8SequenceLength(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::string legacyTextToUtf8(std::string_view s)
{
    return isValidUtf8(s) ? std::string(s) : latin1ToUtf8(s);
}

} // namespace persona::data
