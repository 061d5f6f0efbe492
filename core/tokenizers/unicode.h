// UTF-8 and Unicode helpers for the tokenizers: code point iteration, lossy repair of invalid UTF-8,
// GPT-2's byte <-> printable-character table and Unicode categories (from utf8proc). No tables of
// our own beyond the byte map; no normalisation forms other than NFD.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace persona::tokenizers {

// Decodes one code point at `pos` (advancing it). Invalid or truncated sequences yield U+FFFD and
// advance by the length of their maximal valid prefix (at least one byte), as Rust's lossy decoder.
char32_t nextCodePoint(std::string_view text, std::size_t& pos);
std::vector<char32_t> toCodePoints(std::string_view text);
void appendUtf8(std::string& out, char32_t cp);
std::string toUtf8(const std::vector<char32_t>& cps);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD (a copy when already valid).
std::string toValidUtf8(std::string_view text);
bool isValidUtf8(std::string_view text);

// GPT-2 bytes_to_unicode(): byte -> UTF-8 of its printable stand-in, and the reverse (-1: not one).
const std::array<std::string, 256>& byteToUnicode();
int unicodeToByte(char32_t cp);

// Unicode general category queries (utf8proc).
bool isLetter(char32_t cp);       // L*
bool isNumber(char32_t cp);       // N*  (Rust char::is_numeric)
bool isPunctuation(char32_t cp);  // P*
bool isMarkNonspacing(char32_t cp); // Mn
bool isOther(char32_t cp);        // Cc, Cf, Cs, Co, Cn (Rust's is_other, used by BERT's clean-up)
bool isWhiteSpace(char32_t cp);   // the Unicode White_Space property (Rust char::is_whitespace)
char32_t toLowerSimple(char32_t cp);

// NFD decomposition of a code point sequence.
std::vector<char32_t> nfd(const std::vector<char32_t>& cps);

} // namespace persona::tokenizers
