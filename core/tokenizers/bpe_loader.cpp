// BpeTokenizer::fromGguf and BpeTokenizer::fromJson: turning file descriptions into a Config.
#include "core/tokenizers/bpe_tokenizer.h"

#include "core/common/error.h"
#include "core/io/gguf_file.h"
#include "core/tokenizers/added_tokens.h"
#include "core/tokenizers/tokenizer_files.h"

#include <nlohmann/json.hpp>

namespace persona::tokenizers {

namespace {

constexpr std::int64_t kTokenTypeControl = 3;
constexpr std::int64_t kTokenTypeUserDefined = 4;

std::pair<std::string, std::string> splitMerge(const std::string& merge, std::size_t index, const std::string& origin)
{
    // llama.cpp looks for the separating space from the second byte on, so a token may start with one.
    std::size_t space = merge.find(' ', 1);
    if (space == std::string::npos || space + 1 >= merge.size())
        throw FormatError(origin + ": merge " + std::to_string(index) + " ('" + merge + "') is not \"left right\"");
    return {merge.substr(0, space), merge.substr(space + 1)};
}

std::optional<std::int32_t> ggufId(const io::GgufFile& file, const char* key, std::size_t vocabSize)
{
    auto value = file.getInt(key);
    if (!value)
        return std::nullopt;
    if (*value < 0 || static_cast<std::uint64_t>(*value) >= vocabSize)
        throw FormatError(file.path() + ": " + key + " = " + std::to_string(*value) +
                          " is outside the vocabulary of " + std::to_string(vocabSize));
    return static_cast<std::int32_t>(*value);
}

// The ids a TemplateProcessing "single" template puts before and after the sequence.
void templateIds(const nlohmann::json& processor, BpeTokenizer::Config& config, const std::string& origin)
{
    const auto& special = processor.at("special_tokens");
    bool afterSequence = false;
    for (const auto& piece : processor.at("single")) {
        if (piece.contains("Sequence")) {
            afterSequence = true;
            continue;
        }
        const std::string name = piece.at("SpecialToken").at("id").get<std::string>();
        if (!special.contains(name))
            throw ConfigError(origin + ": post_processor names special token '" + name + "' it does not define");
        for (const auto& id : special.at(name).at("ids"))
            (afterSequence ? config.suffixIds : config.prefixIds).push_back(tokenId(id, origin, "post_processor id"));
    }
}

std::string normalizerForm(const nlohmann::json& node, const std::string& origin)
{
    if (node.is_null())
        return {};
    const std::string type = node.at("type").get<std::string>();
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD")
        return type;
    if (type == "Sequence" && node.at("normalizers").empty())
        return {};
    throw ConfigError(origin + ": BPE normalizer '" + type + "' is not supported (supported: NFC, NFD, NFKC, NFKD)");
}

} // namespace

std::unique_ptr<BpeTokenizer> BpeTokenizer::fromGguf(const io::GgufFile& file)
{
    const std::string& origin = file.path();
    auto model = file.getString("tokenizer.ggml.model");
    if (!model)
        throw ConfigError(origin + ": no tokenizer metadata (tokenizer.ggml.model is missing)");
    if (*model != "gpt2")
        throw ConfigError(origin + ": tokenizer.ggml.model '" + *model + "' is not supported (supported: gpt2)");
    Config config;
    config.vocab = file.getStringArray("tokenizer.ggml.tokens");
    if (config.vocab.empty())
        throw ConfigError(origin + ": tokenizer.ggml.tokens is missing or empty");
    const auto merges = file.getStringArray("tokenizer.ggml.merges");
    config.merges.reserve(merges.size());
    for (std::size_t i = 0; i < merges.size(); ++i)
        config.merges.push_back(splitMerge(merges[i], i, origin + " tokenizer.ggml.merges"));
    const auto types = file.getIntArray("tokenizer.ggml.token_type");
    if (!types.empty() && types.size() != config.vocab.size())
        throw FormatError(origin + ": tokenizer.ggml.token_type has " + std::to_string(types.size()) +
                          " entries for " + std::to_string(config.vocab.size()) + " tokens");
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (types[i] == kTokenTypeControl || types[i] == kTokenTypeUserDefined) {
            AddedToken token;
            token.content = config.vocab[i];
            token.id = static_cast<std::int32_t>(i);
            token.special = types[i] == kTokenTypeControl;
            config.addedTokens.push_back(token);
        }
    }
    config.preTokenizer = PreTokenizer::fromGgufPre(file.getString("tokenizer.ggml.pre").value_or("default"), origin);
    SpecialTokens special;
    special.bos = ggufId(file, "tokenizer.ggml.bos_token_id", config.vocab.size());
    special.eos = ggufId(file, "tokenizer.ggml.eos_token_id", config.vocab.size());
    special.unk = ggufId(file, "tokenizer.ggml.unknown_token_id", config.vocab.size());
    special.pad = ggufId(file, "tokenizer.ggml.padding_token_id", config.vocab.size());
    special.sep = ggufId(file, "tokenizer.ggml.seperator_token_id", config.vocab.size());
    special.cls = ggufId(file, "tokenizer.ggml.cls_token_id", config.vocab.size());
    special.mask = ggufId(file, "tokenizer.ggml.mask_token_id", config.vocab.size());
    if (file.getBool("tokenizer.ggml.add_bos_token").value_or(false) && special.bos)
        config.prefixIds.push_back(*special.bos);
    if (file.getBool("tokenizer.ggml.add_eos_token").value_or(false) && special.eos)
        config.suffixIds.push_back(*special.eos);
    auto tokenizer = std::make_unique<BpeTokenizer>(std::move(config), origin);
    tokenizer->setSpecialTokens(special);
    return tokenizer;
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::fromJson(const nlohmann::json& root, const std::string& path)
{
    try {
        const auto& model = root.at("model");
        if (model.contains("dropout") && !model["dropout"].is_null())
            throw ConfigError(path + ": BPE dropout is not supported");
        if (model.value("byte_fallback", false))
            throw ConfigError(path + ": BPE byte_fallback is not supported");
        for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
            if (model.contains(key) && model[key].is_string() && !model[key].get<std::string>().empty())
                throw ConfigError(path + ": BPE " + key + " is not supported");
        Config config;
        const auto& vocab = model.at("vocab");
        if (!vocab.is_object() || vocab.empty())
            throw FormatError(path + ": model.vocab is not a non-empty object");
        for (const auto& [token, idValue] : vocab.items()) {
            const std::int64_t id = tokenId(idValue, path, "vocabulary id of '" + token + "'");
            if (id < 0 || id > static_cast<std::int64_t>(vocab.size()) * 4 + 1024)
                throw FormatError(path + ": vocabulary id " + std::to_string(id) + " of '" + token + "' is out of range");
            if (static_cast<std::size_t>(id) >= config.vocab.size())
                config.vocab.resize(static_cast<std::size_t>(id) + 1);
            config.vocab[id] = token;
        }
        const auto& merges = model.at("merges");
        config.merges.reserve(merges.size());
        for (std::size_t i = 0; i < merges.size(); ++i) {
            const auto& merge = merges[i];
            if (merge.is_string())
                config.merges.push_back(splitMerge(merge.get<std::string>(), i, path + " model.merges"));
            else if (merge.is_array() && merge.size() == 2)
                config.merges.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
            else
                throw FormatError(path + ": model.merges[" + std::to_string(i) + "] is neither \"a b\" nor [a, b]");
        }
        config.ignoreMerges = model.value("ignore_merges", false);
        config.addedTokens = addedTokensFromJson(root, path);
        config.preTokenizer = PreTokenizer::fromJson(root.value("pre_tokenizer", nlohmann::json()), path);
        config.normalizer = normalizerForm(root.value("normalizer", nlohmann::json()), path);
        const auto processor = root.value("post_processor", nlohmann::json());
        if (!processor.is_null() && processor.at("type").get<std::string>() == "TemplateProcessing")
            templateIds(processor, config, path);
        SpecialTokens special;
        if (model.contains("unk_token") && model["unk_token"].is_string()) {
            const std::string unk = model["unk_token"].get<std::string>();
            for (std::size_t i = 0; i < config.vocab.size(); ++i)
                if (config.vocab[i] == unk)
                    config.unk = special.unk = static_cast<std::int32_t>(i);
        }
        if (root.contains("padding") && root["padding"].is_object() && root["padding"].contains("pad_id"))
            special.pad = tokenId(root["padding"]["pad_id"], path, "padding.pad_id");
        auto tokenizer = std::make_unique<BpeTokenizer>(std::move(config), path);
        tokenizer->setSpecialTokens(special);
        return tokenizer;
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(path + ": malformed BPE tokenizer description: " + e.what());
    }
}

} // namespace persona::tokenizers
