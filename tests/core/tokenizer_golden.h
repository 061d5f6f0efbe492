// Shared by the tokenizer tests: reads a golden JSON fixture from tests/data/tokenizers and
// compares ids, printing expected against actual with token text (llama.cpp's tokenizer test).
#pragma once

#include "core/tokenizers/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <sstream>

namespace golden {

inline nlohmann::json load(const std::string& name)
{
    const std::string path = std::string(PERSONA_TEST_DATA) + "/tokenizers/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("missing fixture " + path + " (run tools/make_golden_tokens.py)");
    return nlohmann::json::parse(in);
}

inline std::string escape(const std::string& text)
{
    std::string out;
    for (unsigned char c : text) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\x%02x", c);
            out += buf;
        } else
            out += static_cast<char>(c);
    }
    return out;
}

inline std::string describe(const std::vector<std::int32_t>& ids, const persona::tokenizers::Tokenizer& tok)
{
    std::ostringstream s;
    for (auto id : ids) {
        s << id << " '";
        try {
            s << escape(tok.idToToken(id));
        } catch (const std::exception&) {
            s << "?";
        }
        s << "', ";
    }
    return s.str();
}

// Empty when equal; otherwise a report naming the text and both id lists with token text.
inline std::string compare(const std::string& text, const std::vector<std::int32_t>& expected,
                           const std::vector<std::int32_t>& actual, const persona::tokenizers::Tokenizer& tok)
{
    if (expected == actual)
        return {};
    return "text '" + escape(text) + "'\n  expected: " + describe(expected, tok) + "\n  actual:   " + describe(actual, tok);
}

} // namespace golden
