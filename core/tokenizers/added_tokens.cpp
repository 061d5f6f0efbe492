#include "core/tokenizers/added_tokens.h"

#include "core/tokenizers/tokenizer_files.h"
#include "core/tokenizers/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace persona::tokenizers {

namespace {

bool isWordChar(char32_t cp)
{
    return cp == '_' || isLetter(cp) || isNumber(cp);
}

// The code point that ends just before byte `pos` (0 when none).
char32_t codePointBefore(std::string_view text, std::size_t pos)
{
    if (pos == 0)
        return 0;
    std::size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    return nextCodePoint(text, start);
}

} // namespace

void AddedTokenMatcher::add(const AddedToken& token)
{
    if (token.content.empty())
        return;
    m_tokens.push_back(token);
    auto& bucket = m_byFirstByte[static_cast<unsigned char>(token.content.front())];
    bucket.push_back(m_tokens.size() - 1);
    std::stable_sort(bucket.begin(), bucket.end(), [this](std::size_t a, std::size_t b) {
        return m_tokens[a].content.size() > m_tokens[b].content.size();
    });
}

std::vector<AddedTokenMatcher::Segment> AddedTokenMatcher::split(std::string_view text) const
{
    std::vector<Segment> segments;
    std::size_t plainStart = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const AddedToken* found = nullptr;
        auto bucket = m_byFirstByte.find(static_cast<unsigned char>(text[pos]));
        if (bucket != m_byFirstByte.end()) {
            for (std::size_t index : bucket->second) {
                const AddedToken& token = m_tokens[index];
                if (text.compare(pos, token.content.size(), token.content) != 0)
                    continue;
                if (token.singleWord) {
                    std::size_t after = pos + token.content.size();
                    char32_t before = codePointBefore(text, pos);
                    std::size_t afterPos = after;
                    char32_t next = after < text.size() ? nextCodePoint(text, afterPos) : 0;
                    if ((before && isWordChar(before)) || (next && isWordChar(next)))
                        continue;
                }
                found = &token;
                break;
            }
        }
        if (!found) {
            ++pos;
            continue;
        }
        std::size_t begin = pos;
        std::size_t end = pos + found->content.size();
        if (found->lstrip)
            while (begin > plainStart && isWhiteSpace(static_cast<unsigned char>(text[begin - 1])))
                --begin;
        if (found->rstrip) {
            while (end < text.size()) {
                std::size_t next = end;
                if (!isWhiteSpace(nextCodePoint(text, next)))
                    break;
                end = next;
            }
        }
        if (begin > plainStart)
            segments.push_back({plainStart, begin, -1});
        segments.push_back({begin, end, found->id});
        plainStart = pos = end;
    }
    if (plainStart < text.size())
        segments.push_back({plainStart, text.size(), -1});
    return segments;
}

std::vector<AddedToken> addedTokensFromJson(const nlohmann::json& root, const std::string& path)
{
    std::vector<AddedToken> tokens;
    if (!root.contains("added_tokens"))
        return tokens;
    for (const auto& entry : root["added_tokens"]) {
        AddedToken token;
        token.content = entry.at("content").get<std::string>();
        token.id = tokenId(entry.at("id"), path, "added_tokens id of '" + token.content + "'");
        token.special = entry.value("special", false);
        token.lstrip = entry.value("lstrip", false);
        token.rstrip = entry.value("rstrip", false);
        token.singleWord = entry.value("single_word", false);
        tokens.push_back(token);
    }
    return tokens;
}

} // namespace persona::tokenizers
