#include "core/nn/model_config.h"

#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/io/gguf_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iterator>
#include <optional>

namespace persona::nn {

namespace {

constexpr std::uintmax_t kMaxConfigBytes = 4u << 20; // config.json files are a few KB

void requirePositive(std::int64_t value, const char* name, const std::string& origin)
{
    if (value <= 0)
        throw ConfigError(origin + ": '" + name + "' must be positive, got " + std::to_string(value));
}

nlohmann::json readJson(const std::string& path)
{
    return readJsonObjectFile(path, kMaxConfigBytes, "model config");
}

std::int64_t getInt(const nlohmann::json& json, const char* key, const std::string& path, std::optional<std::int64_t> fallback = {})
{
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
        if (fallback)
            return *fallback;
        throw ConfigError(path + ": missing '" + key + "'");
    }
    if (!it->is_number_integer())
        throw ConfigError(path + ": '" + key + "' must be an integer");
    return it->get<std::int64_t>();
}

double getDouble(const nlohmann::json& json, const char* key, const std::string& path, std::optional<double> fallback = {})
{
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
        if (fallback)
            return *fallback;
        throw ConfigError(path + ": missing '" + key + "'");
    }
    if (!it->is_number())
        throw ConfigError(path + ": '" + key + "' must be a number");
    return it->get<double>();
}

std::string modelType(const nlohmann::json& json, const std::string& path)
{
    if (auto it = json.find("model_type"); it != json.end() && it->is_string())
        return it->get<std::string>();
    if (auto it = json.find("architectures"); it != json.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
        return (*it)[0].get<std::string>();
    throw ConfigError(path + ": neither 'model_type' nor 'architectures' names the architecture");
}

void checkRopeScaling(const nlohmann::json& value, const std::string& path)
{
    if (!value.is_object())
        return;
    std::string type;
    if (auto it = value.find("rope_type"); it != value.end() && it->is_string())
        type = it->get<std::string>();
    else if (auto t = value.find("type"); t != value.end() && t->is_string())
        type = t->get<std::string>();
    if (!type.empty() && type != "default")
        throw ConfigError(path + ": RoPE scaling type '" + type + "' is not supported");
}

} // namespace

void LlamaConfig::validate(const std::string& origin) const
{
    requirePositive(vocabSize, "vocab size", origin);
    requirePositive(hidden, "hidden size", origin);
    requirePositive(intermediate, "intermediate size", origin);
    requirePositive(layers, "layer count", origin);
    requirePositive(heads, "head count", origin);
    requirePositive(kvHeads, "kv head count", origin);
    requirePositive(headDim, "head dimension", origin);
    requirePositive(maxPositions, "max positions", origin);
    if (heads % kvHeads != 0)
        throw ConfigError(origin + ": head count " + std::to_string(heads) + " is not a multiple of kv head count " +
                          std::to_string(kvHeads));
    if (headDim % 2 != 0)
        throw ConfigError(origin + ": head dimension " + std::to_string(headDim) + " must be even for RoPE");
    if (!(ropeTheta > 0.0) || !(rmsEps > 0.0))
        throw ConfigError(origin + ": rope theta and rms eps must be positive");
    if (vocabSize > (1 << 24) || hidden > (1 << 16) || intermediate > (1 << 18) || layers > 1024)
        throw ConfigError(origin + ": implausibly large model dimensions");
}

void BertConfig::validate(const std::string& origin) const
{
    requirePositive(vocabSize, "vocab_size", origin);
    requirePositive(hidden, "hidden_size", origin);
    requirePositive(intermediate, "intermediate_size", origin);
    requirePositive(layers, "num_hidden_layers", origin);
    requirePositive(heads, "num_attention_heads", origin);
    requirePositive(maxPositions, "max_position_embeddings", origin);
    requirePositive(typeVocabSize, "type_vocab_size", origin);
    if (hidden % heads != 0)
        throw ConfigError(origin + ": hidden_size " + std::to_string(hidden) + " is not a multiple of num_attention_heads " +
                          std::to_string(heads));
    if (vocabSize > (1 << 24) || hidden > (1 << 16) || intermediate > (1 << 18) || layers > 1024 || maxPositions > (1 << 20))
        throw ConfigError(origin + ": implausibly large model dimensions");
}

LlamaConfig llamaConfigFromGguf(const io::GgufFile& file)
{
    const std::string& path = file.path();
    const std::string arch = file.getString("general.architecture").value_or("");
    if (arch.empty())
        throw ConfigError(path + ": no 'general.architecture' key");
    if (arch != "llama")
        throw ConfigError(path + ": unsupported architecture '" + arch + "' (supported: llama)");
    auto requireInt = [&](const std::string& key) {
        auto v = file.getInt(key);
        if (!v)
            throw ConfigError(path + ": missing metadata key '" + key + "'");
        return *v;
    };
    LlamaConfig c;
    c.hidden = requireInt("llama.embedding_length");
    c.intermediate = requireInt("llama.feed_forward_length");
    c.layers = requireInt("llama.block_count");
    c.heads = requireInt("llama.attention.head_count");
    if (c.heads <= 0) // checked here: the head dimension below divides by it
        throw ConfigError(path + ": metadata 'llama.attention.head_count' is " + std::to_string(c.heads) +
                          "; a model needs at least one attention head");
    c.kvHeads = file.getInt("llama.attention.head_count_kv").value_or(c.heads);
    c.headDim = file.getInt("llama.attention.key_length").value_or(c.heads > 0 ? c.hidden / c.heads : 0);
    c.maxPositions = file.getInt("llama.context_length").value_or(2048);
    c.ropeTheta = file.getFloat("llama.rope.freq_base").value_or(10000.0);
    c.rmsEps = file.getFloat("llama.attention.layer_norm_rms_epsilon").value_or(1e-5);
    if (auto rotDim = file.getInt("llama.rope.dimension_count"); rotDim && *rotDim != c.headDim)
        throw ConfigError(path + ": partial rotary embedding (rope dimension " + std::to_string(*rotDim) +
                          " != head dimension " + std::to_string(c.headDim) + ") is not supported");
    if (auto scaling = file.getString("llama.rope.scaling.type"); scaling && *scaling != "none")
        throw ConfigError(path + ": RoPE scaling type '" + *scaling + "' is not supported");
    if (auto v = file.getInt("llama.vocab_size"))
        c.vocabSize = *v;
    else if (file.has("token_embd.weight") && !file.info("token_embd.weight").shape.empty())
        c.vocabSize = file.info("token_embd.weight").shape.front();
    c.tiedEmbeddings = !file.has("output.weight");
    c.validate(path);
    return c;
}

std::string modelTypeFromJson(const std::string& configPath)
{
    return modelType(readJson(configPath), configPath);
}

LlamaConfig llamaConfigFromJson(const std::string& path)
{
    const nlohmann::json json = readJson(path);
    const std::string type = modelType(json, path);
    if (type != "llama" && type != "LlamaForCausalLM")
        throw ConfigError(path + ": unsupported architecture '" + type + "' for a decoder (supported: llama)");
    LlamaConfig c;
    c.vocabSize = getInt(json, "vocab_size", path);
    c.hidden = getInt(json, "hidden_size", path);
    c.intermediate = getInt(json, "intermediate_size", path);
    c.layers = getInt(json, "num_hidden_layers", path);
    c.heads = getInt(json, "num_attention_heads", path);
    c.kvHeads = getInt(json, "num_key_value_heads", path, c.heads);
    c.headDim = getInt(json, "head_dim", path, c.heads > 0 ? c.hidden / c.heads : 0);
    c.maxPositions = getInt(json, "max_position_embeddings", path, 2048);
    c.rmsEps = getDouble(json, "rms_norm_eps", path, 1e-6);
    double theta = getDouble(json, "rope_theta", path, 10000.0);
    if (auto it = json.find("rope_parameters"); it != json.end() && it->is_object()) {
        theta = getDouble(*it, "rope_theta", path, theta);
        checkRopeScaling(*it, path);
    }
    if (auto it = json.find("rope_scaling"); it != json.end())
        checkRopeScaling(*it, path);
    c.ropeTheta = theta;
    if (auto it = json.find("tie_word_embeddings"); it != json.end() && it->is_boolean())
        c.tiedEmbeddings = it->get<bool>();
    if (auto it = json.find("hidden_act"); it != json.end() && it->is_string() && it->get<std::string>() != "silu")
        throw ConfigError(path + ": hidden_act '" + it->get<std::string>() + "' is not supported (silu)");
    c.validate(path);
    return c;
}

BertConfig bertConfigFromJson(const std::string& path)
{
    const nlohmann::json json = readJson(path);
    const std::string type = modelType(json, path);
    if (type != "bert" && type != "BertModel" && type != "BertForMaskedLM")
        throw ConfigError(path + ": unsupported architecture '" + type + "' for an encoder (supported: bert)");
    BertConfig c;
    c.vocabSize = getInt(json, "vocab_size", path);
    c.hidden = getInt(json, "hidden_size", path);
    c.intermediate = getInt(json, "intermediate_size", path);
    c.layers = getInt(json, "num_hidden_layers", path);
    c.heads = getInt(json, "num_attention_heads", path);
    c.maxPositions = getInt(json, "max_position_embeddings", path, 512);
    c.typeVocabSize = getInt(json, "type_vocab_size", path, 2);
    c.layerNormEps = getDouble(json, "layer_norm_eps", path, 1e-12);
    if (auto it = json.find("hidden_act"); it != json.end() && it->is_string() && it->get<std::string>() != "gelu")
        throw ConfigError(path + ": hidden_act '" + it->get<std::string>() + "' is not supported (gelu)");
    if (auto it = json.find("position_embedding_type"); it != json.end() && it->is_string() && it->get<std::string>() != "absolute")
        throw ConfigError(path + ": position_embedding_type '" + it->get<std::string>() + "' is not supported");
    c.validate(path);
    return c;
}

} // namespace persona::nn
