#include "core/tokenizers/tokenizer_files.h"

#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/json_number.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace persona::tokenizers {

std::string readTextFile(const std::string& path, std::uint64_t maxBytes)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw IoError(path + ": cannot read: " + ec.message());
    if (size > maxBytes)
        throw FormatError(path + ": " + std::to_string(size) + " bytes is more than the " + std::to_string(maxBytes) +
                          " a tokenizer file may have");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path + ": cannot open");
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uint64_t>(in.gcount()) != size)
        throw IoError(path + ": short read (" + std::to_string(in.gcount()) + " of " + std::to_string(size) + " bytes)");
    return text;
}

nlohmann::json readJsonFile(const std::string& path)
{
    return persona::readJsonFile(path, kMaxTokenizerFileBytes, "tokenizer file");
}

std::int32_t tokenId(const nlohmann::json& value, const std::string& origin, const std::string& what)
{
    if (const auto id = jsonInteger<std::int32_t>(value))
        return *id;
    std::string written = value.dump();
    if (written.size() > 40)
        written = written.substr(0, 40) + "...";
    throw FormatError(origin + ": " + what + " is " + written + ", not a token id (an integer of at most 32 bits)");
}

} // namespace persona::tokenizers
