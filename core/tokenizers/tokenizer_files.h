// Reading the small text files tokenizers come in (tokenizer.json, vocab.txt, tokenizer_config.json)
// with size limits and errors that name the file. Leaves out GGUF (persona::io::GgufFile).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace persona::tokenizers {

constexpr std::uint64_t kMaxTokenizerFileBytes = 512ull << 20;

// The whole file. IoError when it cannot be opened or read, FormatError when larger than maxBytes.
std::string readTextFile(const std::string& path, std::uint64_t maxBytes = kMaxTokenizerFileBytes);
// The file parsed as JSON. FormatError naming the file and the byte offset when it is not JSON.
nlohmann::json readJsonFile(const std::string& path);
// A token id in a tokenizer file: a JSON integer that fits 32 bits, else FormatError naming
// `origin` and `what` with the value as written (never a narrowed or cast number).
std::int32_t tokenId(const nlohmann::json& value, const std::string& origin, const std::string& what);

} // namespace persona::tokenizers
