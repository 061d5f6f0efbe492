#include "core/tokenizers/tokenizer.h"

#include "core/common/error.h"
#include "core/io/gguf_file.h"
#include "core/tokenizers/bpe_tokenizer.h"
#include "core/tokenizers/tokenizer_files.h"
#include "core/tokenizers/wordpiece_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace persona::tokenizers {

namespace fs = std::filesystem;

namespace {

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::unique_ptr<Tokenizer> fromTokenizerJson(const std::string& path)
{
    const nlohmann::json root = readJsonFile(path);
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        throw ConfigError(path + ": no \"model\" object: not a Hugging Face tokenizer.json");
    const auto& model = root["model"];
    std::string type;
    if (model.contains("type") && model["type"].is_string())
        type = model["type"].get<std::string>();
    else if (model.contains("merges"))
        type = "BPE"; // files written before the type field
    else if (model.contains("continuing_subword_prefix") || model.contains("max_input_chars_per_word"))
        type = "WordPiece";
    if (type == "BPE")
        return BpeTokenizer::fromJson(root, path);
    if (type == "WordPiece")
        return WordPieceTokenizer::fromJson(root, path);
    throw ConfigError(path + ": model type '" + type + "' is not supported (supported: BPE, WordPiece)");
}

// tokenizer_config.json's bos/eos/pad/unk names ("<s>" or {"content": "<s>"}) -> ids.
void applyTokenizerConfig(Tokenizer& tokenizer, const std::string& path)
{
    const nlohmann::json config = readJsonFile(path);
    if (!config.is_object())
        return;
    SpecialTokens special = tokenizer.specialTokens();
    auto lookup = [&](const char* key, std::optional<std::int32_t>& slot) {
        if (!config.contains(key))
            return;
        const auto& value = config[key];
        std::string name;
        if (value.is_string())
            name = value.get<std::string>();
        else if (value.is_object() && value.contains("content") && value["content"].is_string())
            name = value["content"].get<std::string>();
        if (auto id = tokenizer.tokenToId(name))
            slot = id;
    };
    lookup("bos_token", special.bos);
    lookup("eos_token", special.eos);
    lookup("pad_token", special.pad);
    lookup("unk_token", special.unk);
    tokenizer.setSpecialTokens(special);
}

} // namespace

std::vector<std::string> Tokenizer::tokens(std::string_view text, bool addSpecial) const
{
    std::vector<std::string> out;
    for (std::int32_t id : encode(text, addSpecial))
        out.push_back(idToToken(id));
    return out;
}

BatchEncoding Tokenizer::encodeBatch(const std::vector<std::string>& texts, bool addSpecial, std::size_t maxLength) const
{
    BatchEncoding batch;
    std::size_t longest = 0;
    for (const std::string& text : texts) {
        std::vector<std::int32_t> ids = encode(text, addSpecial);
        if (maxLength > 0 && ids.size() > maxLength) {
            std::int32_t last = ids.back();
            ids.resize(maxLength);
            if (addSpecial && isSpecial(last))
                ids.back() = last;
        }
        longest = std::max(longest, ids.size());
        batch.ids.push_back(std::move(ids));
    }
    const std::int32_t pad = m_special.pad.value_or(m_special.eos.value_or(0));
    for (auto& ids : batch.ids) {
        std::vector<std::int32_t> mask(ids.size(), 1);
        mask.resize(longest, 0);
        ids.resize(longest, pad);
        batch.attentionMask.push_back(std::move(mask));
    }
    return batch;
}

std::unique_ptr<Tokenizer> loadTokenizer(const io::GgufFile& file)
{
    return BpeTokenizer::fromGguf(file);
}

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        const fs::path folder(path);
        std::unique_ptr<Tokenizer> tokenizer;
        if (fs::exists(folder / "tokenizer.json", ec))
            tokenizer = fromTokenizerJson((folder / "tokenizer.json").string());
        else if (fs::exists(folder / "vocab.txt", ec))
            tokenizer = WordPieceTokenizer::fromVocabFile((folder / "vocab.txt").string());
        else
            throw ConfigError(path + ": folder has neither tokenizer.json nor vocab.txt");
        if (fs::exists(folder / "tokenizer_config.json", ec))
            applyTokenizerConfig(*tokenizer, (folder / "tokenizer_config.json").string());
        return tokenizer;
    }
    if (!fs::exists(path, ec))
        throw IoError(path + ": no such file or folder");
    if (endsWith(path, ".gguf"))
        return loadTokenizer(*io::GgufFile::open(path));
    if (endsWith(path, ".txt"))
        return WordPieceTokenizer::fromVocabFile(path);
    return fromTokenizerJson(path);
}

} // namespace persona::tokenizers
