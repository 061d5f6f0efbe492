#include "core/tokenizers/bpe_tokenizer.h"

#include "core/common/error.h"
#include "core/tokenizers/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <limits>
#include <mutex>
#include <queue>

namespace persona::tokenizers {

namespace {

constexpr std::size_t kCacheLimit = 100000;

std::uint64_t pairKey(std::int32_t left, std::int32_t right)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

std::string applyNormalizer(const std::string& form, const std::string& text)
{
    if (form.empty())
        return text;
    int options = UTF8PROC_STABLE;
    if (form == "NFC")
        options |= UTF8PROC_COMPOSE;
    else if (form == "NFD")
        options |= UTF8PROC_DECOMPOSE;
    else if (form == "NFKC")
        options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
    else
        options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
    utf8proc_uint8_t* out = nullptr;
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                      static_cast<utf8proc_ssize_t>(text.size()), &out,
                                      static_cast<utf8proc_option_t>(options));
    if (n < 0)
        return text;
    std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return result;
}

} // namespace

BpeTokenizer::BpeTokenizer(Config config, const std::string& origin)
    : m_origin(origin), m_vocab(std::move(config.vocab)), m_pre(std::move(config.preTokenizer)),
      m_normalizer(std::move(config.normalizer)), m_ignoreMerges(config.ignoreMerges), m_unk(config.unk),
      m_prefix(std::move(config.prefixIds)), m_suffix(std::move(config.suffixIds))
{
    if (m_vocab.empty())
        throw FormatError(origin + ": the BPE vocabulary is empty");
    if (m_vocab.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw FormatError(origin + ": the BPE vocabulary is too large");
    for (const AddedToken& token : config.addedTokens) {
        if (token.id < 0)
            throw FormatError(origin + ": added token '" + token.content + "' has a negative id");
        if (static_cast<std::size_t>(token.id) >= m_vocab.size())
            m_vocab.resize(static_cast<std::size_t>(token.id) + 1);
        if (m_vocab[token.id].empty())
            m_vocab[token.id] = token.content;
    }
    m_ids.reserve(m_vocab.size());
    for (std::size_t i = 0; i < m_vocab.size(); ++i)
        if (!m_vocab[i].empty())
            m_ids.emplace(m_vocab[i], static_cast<std::int32_t>(i));
    m_special.assign(m_vocab.size(), false);
    for (const AddedToken& token : config.addedTokens) {
        m_added.add(token);
        m_special[token.id] = token.special;
    }
    m_merges.reserve(config.merges.size());
    for (std::size_t rank = 0; rank < config.merges.size(); ++rank) {
        const auto& [left, right] = config.merges[rank];
        auto l = m_ids.find(left);
        auto r = m_ids.find(right);
        auto m = m_ids.find(left + right);
        if (l == m_ids.end() || r == m_ids.end() || m == m_ids.end())
            throw FormatError(origin + ": merge " + std::to_string(rank) + " ('" + left + " " + right +
                              "') uses a token missing from the vocabulary");
        // The first (best) rank wins when a pair is listed twice, as in Hugging Face.
        m_merges.emplace(pairKey(l->second, r->second),
                         std::make_pair(static_cast<std::int32_t>(rank), m->second));
    }
    auto checkId = [&](const std::optional<std::int32_t>& id, const char* what) {
        if (id && (*id < 0 || static_cast<std::size_t>(*id) >= m_vocab.size()))
            throw FormatError(origin + ": " + what + " id " + std::to_string(*id) + " is outside the vocabulary of " +
                              std::to_string(m_vocab.size()));
    };
    checkId(m_unk, "unknown token");
    for (auto id : m_prefix)
        checkId(id, "prefix token");
    for (auto id : m_suffix)
        checkId(id, "suffix token");
}

std::vector<std::int32_t> BpeTokenizer::mergeWord(const std::string& word) const
{
    std::vector<std::int32_t> symbols;
    std::string ch;
    for (std::size_t pos = 0; pos < word.size();) {
        std::size_t begin = pos;
        nextCodePoint(word, pos);
        ch.assign(word, begin, pos - begin);
        auto it = m_ids.find(ch);
        if (it != m_ids.end())
            symbols.push_back(it->second);
        else if (m_unk)
            symbols.push_back(*m_unk);
    }
    if (symbols.size() < 2)
        return symbols;
    // Merge the best-ranked adjacent pair, leftmost on ties, until none is left: Hugging Face's
    // priority queue over a linked list of symbols, O(n log n) for long words.
    struct Candidate {
        std::int32_t rank;
        std::int32_t left; // symbol index
        std::int32_t leftId;
        std::int32_t rightId;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
    };
    const auto n = static_cast<std::int32_t>(symbols.size());
    std::vector<std::int32_t> prev(n), next(n);
    for (std::int32_t i = 0; i < n; ++i) {
        prev[i] = i - 1;
        next[i] = i + 1 < n ? i + 1 : -1;
    }
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    auto consider = [&](std::int32_t left) {
        if (left < 0 || next[left] < 0)
            return;
        auto it = m_merges.find(pairKey(symbols[left], symbols[next[left]]));
        if (it != m_merges.end())
            queue.push({it->second.first, left, symbols[left], symbols[next[left]]});
    };
    for (std::int32_t i = 0; i + 1 < n; ++i)
        consider(i);
    while (!queue.empty()) {
        const Candidate c = queue.top();
        queue.pop();
        const std::int32_t right = next[c.left];
        // Stale entries: the left symbol was merged away or changed, or its neighbour did.
        if (symbols[c.left] != c.leftId || right < 0 || symbols[right] != c.rightId)
            continue;
        symbols[c.left] = m_merges.at(pairKey(c.leftId, c.rightId)).second;
        symbols[right] = -1;
        next[c.left] = next[right];
        if (next[right] >= 0)
            prev[next[right]] = c.left;
        consider(prev[c.left]);
        consider(c.left);
    }
    std::vector<std::int32_t> merged;
    for (std::int32_t i = 0; i >= 0; i = next[i])
        merged.push_back(symbols[i]);
    return merged;
}

void BpeTokenizer::encodeWord(const std::string& word, std::vector<std::int32_t>& out) const
{
    if (m_ignoreMerges) {
        auto it = m_ids.find(word);
        if (it != m_ids.end()) {
            out.push_back(it->second);
            return;
        }
    }
    {
        std::shared_lock lock(m_cacheMutex);
        auto it = m_cache.find(word);
        if (it != m_cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<std::int32_t> ids = mergeWord(word);
    out.insert(out.end(), ids.begin(), ids.end());
    std::unique_lock lock(m_cacheMutex);
    if (m_cache.size() >= kCacheLimit)
        m_cache.clear();
    m_cache.emplace(word, std::move(ids));
}

std::vector<std::int32_t> BpeTokenizer::encode(std::string_view text, bool addSpecial) const
{
    std::vector<std::int32_t> ids;
    if (addSpecial)
        ids = m_prefix;
    const std::string valid = toValidUtf8(text);
    std::vector<AddedTokenMatcher::Segment> segments;
    if (m_added.empty())
        segments.push_back({0, valid.size(), -1});
    else
        segments = m_added.split(valid);
    const auto& byteMap = byteToUnicode();
    std::string mapped;
    for (const auto& segment : segments) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        std::string plain = applyNormalizer(m_normalizer, valid.substr(segment.begin, segment.end - segment.begin));
        for (const std::string& piece : m_pre.split(plain)) {
            if (!m_pre.byteLevel()) {
                encodeWord(piece, ids);
                continue;
            }
            mapped.clear();
            for (unsigned char byte : piece)
                mapped += byteMap[byte];
            encodeWord(mapped, ids);
        }
    }
    if (addSpecial)
        ids.insert(ids.end(), m_suffix.begin(), m_suffix.end());
    return ids;
}

std::string BpeTokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecial) const
{
    std::string bytes;
    for (std::int32_t id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= m_vocab.size())
            continue;
        if (skipSpecial && m_special[id])
            continue;
        const std::string& token = m_vocab[id];
        if (!m_pre.byteLevel()) {
            bytes += token;
            continue;
        }
        // Hugging Face's ByteLevel decoder: map every character back to its byte, or keep the
        // token's own UTF-8 when one of its characters is not in the byte alphabet.
        std::string decoded;
        bool allMapped = true;
        for (std::size_t pos = 0; pos < token.size();) {
            int byte = unicodeToByte(nextCodePoint(token, pos));
            if (byte < 0) {
                allMapped = false;
                break;
            }
            decoded.push_back(static_cast<char>(byte));
        }
        bytes += allMapped ? decoded : token;
    }
    return toValidUtf8(bytes);
}

std::string BpeTokenizer::idToToken(std::int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= m_vocab.size())
        throw ConfigError(m_origin + ": token id " + std::to_string(id) + " is outside the vocabulary of " +
                          std::to_string(m_vocab.size()));
    return m_vocab[id];
}

std::optional<std::int32_t> BpeTokenizer::tokenToId(std::string_view token) const
{
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end())
        return std::nullopt;
    return it->second;
}

bool BpeTokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && static_cast<std::size_t>(id) < m_special.size() && m_special[id];
}

} // namespace persona::tokenizers
