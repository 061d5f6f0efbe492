// Streaming line reader for the dataset loaders (a fixed block buffer, so memory stays bounded
// whatever the file size) and the small text helpers they share: splitting, CSV fields, numbers,
// UTF-8 checks and Latin-1 conversion. Leaves out any knowledge of a dataset format.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona::data {

class LineReader {
public:
    // Opens path; throws IoError when it cannot be opened. Lines longer than maxLineBytes throw
    // FormatError naming the file and line.
    explicit LineReader(std::string path, std::size_t maxLineBytes = std::size_t(64) << 20);

    // The next line without its "\n" or "\r\n" (a UTF-8 BOM on line 1 is dropped). The view stays
    // valid until the next call. Returns false at the end of the file; throws IoError on a read error.
    bool next(std::string_view& line);

    std::uint64_t lineNumber() const { return m_lineNumber; }
    const std::string& path() const { return m_path; }
    std::uint64_t fileSize() const { return m_fileSize; }
    // "path:line: what", for error messages about the current line.
    std::string where(const std::string& what) const;

private:
    std::string m_path;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::size_t m_maxLine;
    std::uint64_t m_lineNumber = 0;
    std::uint64_t m_fileSize = 0;
    bool m_eof = false;
};

// Splits on one separator (char or string); empty fields are kept.
void splitFields(std::string_view line, char sep, std::vector<std::string_view>& out);
void splitFields(std::string_view line, std::string_view sep, std::vector<std::string_view>& out);
// RFC 4180 fields of one line ("a,""b"",c" gives a / "b" / c). False on a bad or unclosed quote.
bool splitCsv(std::string_view line, std::vector<std::string>& out);

std::string_view trim(std::string_view s);
std::optional<std::int64_t> parseInt(std::string_view s);
std::optional<double> parseNumber(std::string_view s); // finite numbers only

bool isValidUtf8(std::string_view s);
// Each byte is one Latin-1 (ISO-8859-1) code point.
std::string latin1ToUtf8(std::string_view s);
// Valid UTF-8 is kept; otherwise each bad byte becomes U+FFFD.
std::string repairUtf8(std::string_view s);
// Text from the Latin-1 era files (ml-100k, ml-1m): a line that is already valid UTF-8 is kept (a
// converted copy), anything else is read as Latin-1.
std::string legacyTextToUtf8(std::string_view s);

} // namespace persona::data
