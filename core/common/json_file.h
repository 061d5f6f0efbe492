// Reads a small JSON file (a config, a run folder's config.json) under a size limit: the size is
// checked before a byte is read, and a parse error names the file, the byte offset and the line;
// writes one atomically. Leaves out field checks (common/json_fields.h) and the atomic write itself
// (atomic_file.h).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace persona {

// Parses the file at `path`, which may hold at most `maxBytes` bytes. `what` names the file's role
// in messages ("run config", "MiLP config"). Throws IoError naming the file when it is missing, not
// a regular file or cannot be read whole; FormatError naming the file when it is larger than
// maxBytes (both sizes given) or not valid JSON (byte offset, line and column of the error).
nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes, const std::string& what = "JSON file");

// The same, and the top level must be a JSON object (FormatError naming the type found otherwise).
nlohmann::json readJsonObjectFile(const std::string& path, std::uint64_t maxBytes, const std::string& what = "JSON file");

// Writes j indented by 2 with a final newline, atomically (writeFileAtomically: a reader sees the
// old file or the new one, never half of it). Throws IoError naming the file.
void writeJsonFile(const std::string& path, const nlohmann::json& j);

} // namespace persona
