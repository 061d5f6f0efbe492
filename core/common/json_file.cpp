#include "core/common/json_file.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace persona {
namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " and "parse error at line 2,
// column 5: " prefixes (the caller states the place itself).
std::string parseReason(const char* message)
{
    std::string s(message);
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find("] ");
        if (close != std::string::npos)
            s.erase(0, close + 2);
    }
    if (s.rfind("parse error", 0) == 0) {
        const auto colon = s.find(": ");
        if (colon != std::string::npos)
            s.erase(0, colon + 2);
    }
    return s;
}

} // namespace

nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes, const std::string& what)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw IoError(path + ": cannot read the " + what + " (" + (ec ? ec.message() : std::string("no such file")) + ")");
    if (!fs::is_regular_file(status))
        throw IoError(path + ": cannot read the " + what + " (not a regular file)");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        throw IoError(path + ": cannot read the size of the " + what + " (" + ec.message() + ")");
    if (size > maxBytes)
        throw FormatError(path + ": the " + what + " is " + std::to_string(size) + " bytes, more than the " +
                          std::to_string(maxBytes) + " allowed");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path + ": cannot open the " + what);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        throw IoError(path + ": short read of the " + what + " (" + std::to_string(in.gcount()) + " of " +
                      std::to_string(size) + " bytes)");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts characters read, so the failing one sits at byte e.byte - 1.
        const std::size_t offset = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        const std::size_t newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
        const std::size_t column = offset - (newline == std::string::npos ? 0 : newline + 1) + 1;
        throw FormatError(atOffset(path, offset,
                                   "the " + what + " is not valid JSON (line " + std::to_string(line) + ", column " +
                                       std::to_string(column) + "): " + parseReason(e.what())));
    } catch (const nlohmann::json::exception& e) {
        // A number beyond double's range (1e999) is out_of_range, not parse_error.
        throw FormatError(path + ": the " + what + " is not valid JSON: " + parseReason(e.what()));
    }
}

nlohmann::json readJsonObjectFile(const std::string& path, std::uint64_t maxBytes, const std::string& what)
{
    nlohmann::json j = readJsonFile(path, maxBytes, what);
    if (!j.is_object())
        throw FormatError(path + ": the " + what + " is not a JSON object (the top level is " +
                          std::string(j.type_name()) + ")");
    return j;
}

void writeJsonFile(const std::string& path, const nlohmann::json& j)
{
    const std::string text = j.dump(2) + "\n";
    writeFileAtomically(path, text.data(), text.size());
}

} // namespace persona
