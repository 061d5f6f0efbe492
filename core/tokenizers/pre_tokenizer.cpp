#include "core/tokenizers/pre_tokenizer.h"

#include "core/common/error.h"
#include "core/tokenizers/unicode.h"
#include "core/common/enum_names.h"

#include <nlohmann/json.hpp>

namespace persona::tokenizers {

namespace {

struct Span {
    std::size_t begin;
    std::size_t end;
    bool match;
};

// Covers [0, size) with alternating non-match and match spans from `matches`.
std::vector<Span> coverSpans(const std::vector<std::pair<std::size_t, std::size_t>>& matches, std::size_t size,
                             bool invert)
{
    std::vector<Span> spans;
    std::size_t last = 0;
    for (auto [b, e] : matches) {
        if (b > last)
            spans.push_back({last, b, invert});
        spans.push_back({b, e, !invert});
        last = e;
    }
    if (last < size)
        spans.push_back({last, size, invert});
    return spans;
}

// Hugging Face's NormalizedString::split with a SplitDelimiterBehavior.
void applyBehavior(std::string_view piece, const std::vector<Span>& spans, SplitBehavior behavior,
                   std::vector<std::string>& out)
{
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    bool previousMatch = false;
    for (const Span& s : spans) {
        switch (behavior) {
        case SplitBehavior::Isolated:
            parts.emplace_back(s.begin, s.end);
            break;
        case SplitBehavior::Removed:
            if (!s.match)
                parts.emplace_back(s.begin, s.end);
            break;
        case SplitBehavior::MergedWithPrevious:
            if (s.match && !parts.empty() && !previousMatch)
                parts.back().second = s.end;
            else
                parts.emplace_back(s.begin, s.end);
            break;
        case SplitBehavior::MergedWithNext:
            if (!s.match && previousMatch && !parts.empty())
                parts.back().second = s.end;
            else
                parts.emplace_back(s.begin, s.end);
            break;
        case SplitBehavior::Contiguous:
            if (s.match && previousMatch && !parts.empty())
                parts.back().second = s.end;
            else
                parts.emplace_back(s.begin, s.end);
            break;
        }
        previousMatch = s.match;
    }
    for (auto [b, e] : parts)
        if (e > b)
            out.emplace_back(piece.substr(b, e - b));
}

constexpr EnumName<SplitBehavior> kSplitBehaviorNames[] = {
    {SplitBehavior::Isolated, "Isolated"},
    {SplitBehavior::Removed, "Removed"},
    {SplitBehavior::MergedWithPrevious, "MergedWithPrevious"},
    {SplitBehavior::MergedWithNext, "MergedWithNext"},
    {SplitBehavior::Contiguous, "Contiguous"}};

SplitBehavior behaviorFromName(const std::string& name, const std::string& origin)
{
    if (const auto b = enumFromName(kSplitBehaviorNames, name))
        return *b;
    throw ConfigError(origin + ": unknown split behavior '" + name + "'");
}

const std::shared_ptr<Regex>& gpt2Regex()
{
    static const auto regex = std::make_shared<Regex>(PreTokenizer::gpt2Pattern(), "ByteLevel pre-tokenizer");
    return regex;
}

} // namespace

const char* PreTokenizer::gpt2Pattern()
{
    return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
}

const char* PreTokenizer::llama3Pattern()
{
    return R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
}

void PreTokenizer::addSplit(const std::string& pattern, bool literal, SplitBehavior behavior, bool invert,
                            const std::string& origin)
{
    Step step;
    step.kind = Kind::Split;
    step.regex = std::make_shared<Regex>(pattern, origin, literal);
    step.behavior = behavior;
    step.invert = invert;
    m_steps.push_back(std::move(step));
}

void PreTokenizer::addDigits(bool individual)
{
    Step step;
    step.kind = Kind::Digits;
    step.flag = individual;
    m_steps.push_back(std::move(step));
}

void PreTokenizer::addByteLevel(bool addPrefixSpace, bool useRegex)
{
    Step step;
    step.kind = Kind::ByteLevel;
    step.flag = addPrefixSpace;
    step.useRegex = useRegex;
    if (useRegex)
        step.regex = gpt2Regex();
    m_steps.push_back(std::move(step));
    m_byteLevel = true;
}

PreTokenizer PreTokenizer::fromJson(const nlohmann::json& node, const std::string& origin)
{
    PreTokenizer result;
    if (node.is_null())
        return result;
    if (!node.is_object() || !node.contains("type") || !node["type"].is_string())
        throw ConfigError(origin + ": pre_tokenizer has no \"type\"");
    const std::string type = node["type"].get<std::string>();
    const std::string where = origin + ": pre_tokenizer " + type;
    if (type == "Sequence") {
        if (!node.contains("pretokenizers") || !node["pretokenizers"].is_array())
            throw ConfigError(where + " has no \"pretokenizers\" array");
        for (const auto& child : node["pretokenizers"]) {
            PreTokenizer sub = fromJson(child, origin);
            result.m_steps.insert(result.m_steps.end(), sub.m_steps.begin(), sub.m_steps.end());
            result.m_byteLevel = result.m_byteLevel || sub.m_byteLevel;
        }
    } else if (type == "ByteLevel") {
        result.addByteLevel(node.value("add_prefix_space", false), node.value("use_regex", true));
    } else if (type == "Digits") {
        result.addDigits(node.value("individual_digits", false));
    } else if (type == "Split") {
        const auto& pattern = node.contains("pattern") ? node["pattern"] : nlohmann::json();
        bool literal = pattern.contains("String");
        if (!literal && !pattern.contains("Regex"))
            throw ConfigError(where + " has no pattern String or Regex");
        const auto& text = literal ? pattern["String"] : pattern["Regex"];
        if (!text.is_string())
            throw ConfigError(where + " pattern is not a string");
        result.addSplit(text.get<std::string>(), literal,
                        behaviorFromName(node.value("behavior", std::string("Isolated")), where),
                        node.value("invert", false), where);
    } else {
        throw ConfigError(where + " is not supported (supported: Sequence, Split, Digits, ByteLevel)");
    }
    return result;
}

PreTokenizer PreTokenizer::fromGgufPre(const std::string& pre, const std::string& origin)
{
    PreTokenizer result;
    if (pre == "default" || pre == "gpt2" || pre == "gpt-2" || pre.empty()) {
        result.addByteLevel(false, true);
    } else if (pre == "smollm" || pre == "starcoder" || pre == "refact" || pre == "command-r" ||
               pre == "codeshell" || pre == "exaone" || pre == "minerva") {
        // llama.cpp: "\p{N}" then the GPT-2 split, as Hugging Face's Digits(individual) + ByteLevel.
        result.addDigits(true);
        result.addByteLevel(false, true);
    } else if (pre == "llama-bpe" || pre == "llama3" || pre == "llama-v3" || pre == "smaug-bpe" ||
               pre == "dbrx" || pre == "falcon3") {
        result.addSplit(llama3Pattern(), false, SplitBehavior::Isolated, false, origin);
        result.addByteLevel(false, false);
    } else {
        throw ConfigError(origin + ": tokenizer.ggml.pre '" + pre +
                          "' is not supported (supported: default, gpt2, smollm, starcoder, llama-bpe)");
    }
    return result;
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const
{
    std::vector<std::string> pieces;
    if (text.empty())
        return pieces;
    pieces.emplace_back(text);
    std::vector<std::string> next;
    for (const Step& step : m_steps) {
        next.clear();
        for (std::string& piece : pieces) {
            switch (step.kind) {
            case Kind::Split:
                applyBehavior(piece, coverSpans(step.regex->findAll(piece), piece.size(), step.invert),
                              step.behavior, next);
                break;
            case Kind::Digits: {
                std::vector<std::pair<std::size_t, std::size_t>> digits;
                for (std::size_t pos = 0; pos < piece.size();) {
                    std::size_t begin = pos;
                    if (isNumber(nextCodePoint(piece, pos)))
                        digits.emplace_back(begin, pos);
                }
                applyBehavior(piece, coverSpans(digits, piece.size(), false),
                              step.flag ? SplitBehavior::Isolated : SplitBehavior::Contiguous, next);
                break;
            }
            case Kind::ByteLevel: {
                if (step.flag && piece.front() != ' ')
                    piece.insert(piece.begin(), ' ');
                if (step.useRegex)
                    applyBehavior(piece, coverSpans(step.regex->findAll(piece), piece.size(), false),
                                  SplitBehavior::Isolated, next);
                else
                    next.push_back(std::move(piece));
                break;
            }
            }
        }
        pieces.swap(next);
    }
    return pieces;
}

} // namespace persona::tokenizers
