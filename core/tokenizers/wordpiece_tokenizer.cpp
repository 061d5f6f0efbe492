#include "core/tokenizers/wordpiece_tokenizer.h"

#include "core/common/error.h"
#include "core/tokenizers/added_tokens.h"
#include "core/tokenizers/tokenizer_files.h"
#include "core/tokenizers/unicode.h"

#include <nlohmann/json.hpp>

namespace persona::tokenizers {

namespace {

// The CJK Unified Ideograph blocks BERT surrounds with spaces.
bool isChineseChar(char32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// BERT splits on Unicode punctuation and on every ASCII symbol (so "$" and "+" stand alone).
bool isBertPunctuation(char32_t cp)
{
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
        return true;
    return isPunctuation(cp);
}

bool isBertWhitespace(char32_t cp)
{
    return cp == '\t' || cp == '\n' || cp == '\r' || isWhiteSpace(cp);
}

void appendLower(std::u32string& out, char32_t cp)
{
    if (cp == 0x130) { // 'İ' lower-cases to two code points (Rust's full mapping)
        out += U'i';
        out += char32_t(0x307);
        return;
    }
    out += toLowerSimple(cp);
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(Config config, const std::string& origin)
    : m_origin(origin), m_config(std::move(config))
{
    m_vocab = std::move(m_config.vocab);
    if (m_vocab.empty())
        throw FormatError(origin + ": the WordPiece vocabulary is empty");
    for (std::size_t i = 0; i < m_vocab.size(); ++i)
        m_ids.emplace(m_vocab[i], static_cast<std::int32_t>(i)); // first occurrence wins
    auto unk = m_ids.find(m_config.unkToken);
    if (unk == m_ids.end())
        throw FormatError(origin + ": the unknown token '" + m_config.unkToken + "' is not in the vocabulary");
    m_unk = unk->second;
    m_special.assign(m_vocab.size(), false);
    for (const AddedToken& token : m_config.addedTokens) {
        if (token.id < 0 || static_cast<std::size_t>(token.id) >= m_vocab.size())
            throw FormatError(origin + ": added token '" + token.content + "' has id " + std::to_string(token.id) +
                              " outside the vocabulary of " + std::to_string(m_vocab.size()));
        m_added.add(token);
        m_special[token.id] = token.special;
    }
    SpecialTokens special;
    special.unk = m_unk;
    special.cls = tokenToId(m_config.clsToken);
    special.sep = tokenToId(m_config.sepToken);
    special.pad = tokenToId(m_config.padToken);
    special.mask = tokenToId(m_config.maskToken);
    setSpecialTokens(special);
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromVocabFile(const std::string& path, bool lowercase)
{
    const std::string text = readTextFile(path);
    Config config;
    config.lowercase = config.stripAccents = lowercase;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        config.vocab.push_back(std::move(line));
        start = end + 1;
    }
    for (const char* name : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
        for (std::size_t i = 0; i < config.vocab.size(); ++i) {
            if (config.vocab[i] == name) {
                config.addedTokens.push_back({name, static_cast<std::int32_t>(i), true, false, false, false});
                break;
            }
        }
    }
    return std::make_unique<WordPieceTokenizer>(std::move(config), path);
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromJson(const nlohmann::json& root, const std::string& path)
{
    try {
        const auto& model = root.at("model");
        Config config;
        const auto& vocab = model.at("vocab");
        if (!vocab.is_object() || vocab.empty())
            throw FormatError(path + ": model.vocab is not a non-empty object");
        config.vocab.resize(vocab.size());
        std::vector<bool> seen(vocab.size(), false);
        for (const auto& [token, idValue] : vocab.items()) {
            const std::int64_t id = tokenId(idValue, path, "vocabulary id of '" + token + "'");
            if (id < 0 || static_cast<std::size_t>(id) >= vocab.size() || seen[id])
                throw FormatError(path + ": vocabulary id " + std::to_string(id) + " of '" + token +
                                  "' is out of range or repeated");
            seen[id] = true;
            config.vocab[id] = token;
        }
        config.unkToken = model.value("unk_token", std::string("[UNK]"));
        config.prefix = model.value("continuing_subword_prefix", std::string("##"));
        config.maxInputCharsPerWord = model.value("max_input_chars_per_word", std::size_t(100));
        const auto normalizer = root.value("normalizer", nlohmann::json());
        if (normalizer.is_null()) {
            config.cleanText = config.chineseChars = config.stripAccents = config.lowercase = false;
        } else if (normalizer.at("type").get<std::string>() == "BertNormalizer") {
            config.cleanText = normalizer.value("clean_text", true);
            config.chineseChars = normalizer.value("handle_chinese_chars", true);
            config.lowercase = normalizer.value("lowercase", true);
            const auto& strip = normalizer.contains("strip_accents") ? normalizer["strip_accents"] : nlohmann::json();
            config.stripAccents = strip.is_null() ? config.lowercase : strip.get<bool>();
        } else {
            throw ConfigError(path + ": WordPiece normalizer '" + normalizer.at("type").get<std::string>() +
                              "' is not supported (supported: BertNormalizer)");
        }
        const auto pre = root.value("pre_tokenizer", nlohmann::json());
        if (!pre.is_null() && pre.at("type").get<std::string>() != "BertPreTokenizer")
            throw ConfigError(path + ": WordPiece pre_tokenizer '" + pre.at("type").get<std::string>() +
                              "' is not supported (supported: BertPreTokenizer)");
        config.addedTokens = addedTokensFromJson(root, path);
        return std::make_unique<WordPieceTokenizer>(std::move(config), path);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(path + ": malformed WordPiece tokenizer description: " + e.what());
    }
}

std::vector<std::string> WordPieceTokenizer::preTokenize(std::string_view text) const
{
    // BertNormalizer, in Hugging Face's order: clean, CJK, strip accents, lower-case.
    std::vector<char32_t> chars;
    for (char32_t cp : toCodePoints(text)) {
        if (m_config.cleanText) {
            if (cp == 0 || cp == 0xFFFD || (cp != '\t' && cp != '\n' && cp != '\r' && isOther(cp)))
                continue;
            if (isBertWhitespace(cp))
                cp = ' ';
        }
        if (m_config.chineseChars && isChineseChar(cp)) {
            chars.push_back(' ');
            chars.push_back(cp);
            chars.push_back(' ');
        } else {
            chars.push_back(cp);
        }
    }
    if (m_config.stripAccents) {
        std::vector<char32_t> kept;
        for (char32_t cp : nfd(chars))
            if (!isMarkNonspacing(cp))
                kept.push_back(cp);
        chars.swap(kept);
    }
    std::u32string normalized;
    for (char32_t cp : chars) {
        if (m_config.lowercase)
            appendLower(normalized, cp);
        else
            normalized += cp;
    }
    // BertPreTokenizer: whitespace removed, punctuation isolated.
    std::vector<std::string> words;
    std::u32string word;
    auto flush = [&] {
        if (!word.empty())
            words.push_back(toUtf8(std::vector<char32_t>(word.begin(), word.end())));
        word.clear();
    };
    for (char32_t cp : normalized) {
        if (isBertWhitespace(cp)) {
            flush();
        } else if (isBertPunctuation(cp)) {
            flush();
            word = cp;
            flush();
        } else {
            word += cp;
        }
    }
    flush();
    return words;
}

void WordPieceTokenizer::encodeWord(const std::u32string& word, std::vector<std::int32_t>& out) const
{
    if (word.size() > m_config.maxInputCharsPerWord) {
        out.push_back(m_unk);
        return;
    }
    std::vector<std::int32_t> pieces;
    std::size_t start = 0;
    std::string candidate;
    while (start < word.size()) {
        std::size_t end = word.size();
        std::int32_t found = -1;
        while (end > start) {
            candidate = start > 0 ? m_config.prefix : std::string();
            for (std::size_t i = start; i < end; ++i)
                appendUtf8(candidate, word[i]);
            auto it = m_ids.find(candidate);
            if (it != m_ids.end()) {
                found = it->second;
                break;
            }
            --end;
        }
        if (found < 0) { // one unmatchable piece makes the whole word unknown
            out.push_back(m_unk);
            return;
        }
        pieces.push_back(found);
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<std::int32_t> WordPieceTokenizer::encode(std::string_view text, bool addSpecial) const
{
    const std::string valid = toValidUtf8(text);
    std::vector<std::int32_t> ids;
    for (const auto& segment : m_added.split(valid)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        for (const std::string& word : preTokenize(std::string_view(valid).substr(segment.begin, segment.end - segment.begin))) {
            auto cps = toCodePoints(word);
            encodeWord(std::u32string(cps.begin(), cps.end()), ids);
        }
    }
    const std::size_t extra = addSpecial ? 2 : 0;
    if (m_maxLength > 0 && ids.size() + extra > m_maxLength)
        ids.resize(m_maxLength > extra ? m_maxLength - extra : 0);
    if (addSpecial) {
        if (!specialTokens().cls || !specialTokens().sep)
            throw ConfigError(m_origin + ": encode with special tokens needs " + m_config.clsToken + " and " +
                              m_config.sepToken + " in the vocabulary");
        ids.insert(ids.begin(), *specialTokens().cls);
        ids.push_back(*specialTokens().sep);
    }
    return ids;
}

std::string WordPieceTokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecial) const
{
    // Hugging Face's WordPiece decoder with cleanup.
    static const std::pair<const char*, const char*> kCleanup[] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
        {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    std::string out;
    bool first = true;
    for (std::int32_t id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= m_vocab.size() || (skipSpecial && m_special[id]))
            continue;
        std::string token = m_vocab[id];
        if (!first) {
            if (token.rfind(m_config.prefix, 0) == 0)
                token.erase(0, m_config.prefix.size());
            else
                token.insert(token.begin(), ' ');
        }
        first = false;
        for (const auto& [from, to] : kCleanup) {
            const std::string f(from), t(to);
            for (std::size_t pos = token.find(f); pos != std::string::npos; pos = token.find(f, pos + t.size()))
                token.replace(pos, f.size(), t);
        }
        out += token;
    }
    return out;
}

std::string WordPieceTokenizer::idToToken(std::int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= m_vocab.size())
        throw ConfigError(m_origin + ": token id " + std::to_string(id) + " is outside the vocabulary of " +
                          std::to_string(m_vocab.size()));
    return m_vocab[id];
}

std::optional<std::int32_t> WordPieceTokenizer::tokenToId(std::string_view token) const
{
    auto it = m_ids.find(std::string(token));
    if (it == m_ids.end())
        return std::nullopt;
    return it->second;
}

bool WordPieceTokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && static_cast<std::size_t>(id) < m_special.size() && m_special[id];
}

} // namespace persona::tokenizers
