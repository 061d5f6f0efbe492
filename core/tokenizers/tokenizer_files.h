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

} // namespace persona::tokenizers
