#include "core/nn/weight_map.h"

#include "core/common/error.h"
#include "core/io/tensor_source.h"
#include "core/nn/bert_encoder.h"
#include "core/nn/llama_decoder.h"

#include <torch/nn/module.h>

#include <cstring>
#include <sstream>
#include <unordered_set>

namespace persona::nn {

namespace {

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < shape.size(); ++i)
        out << (i ? ", " : "") << shape[i];
    out << ']';
    return out.str();
}

} // namespace

std::vector<WeightEntry> llamaWeightMap(const LlamaConfig& c, CheckpointFormat format)
{
    const bool gguf = format == CheckpointFormat::Gguf;
    const std::int64_t qDim = c.heads * c.headDim;
    const std::int64_t kvDim = c.kvHeads * c.headDim;
    std::vector<WeightEntry> map;
    map.push_back({gguf ? "token_embd.weight" : "model.embed_tokens.weight", "embed_tokens.weight", {c.vocabSize, c.hidden}, 0});
    for (std::int64_t i = 0; i < c.layers; ++i) {
        const std::string n = std::to_string(i);
        const std::string g = "blk." + n + ".";
        const std::string h = "model.layers." + n + ".";
        const std::string p = "layers." + n + ".";
        auto add = [&](const std::string& ggufName, const std::string& hfName, const std::string& param,
                       std::vector<std::int64_t> shape, std::int64_t unpermute = 0) {
            map.push_back({gguf ? g + ggufName : h + hfName, p + param, std::move(shape), gguf ? unpermute : 0});
        };
        add("attn_norm.weight", "input_layernorm.weight", "input_layernorm.weight", {c.hidden});
        add("attn_q.weight", "self_attn.q_proj.weight", "self_attn.q_proj.weight", {qDim, c.hidden}, c.heads);
        add("attn_k.weight", "self_attn.k_proj.weight", "self_attn.k_proj.weight", {kvDim, c.hidden}, c.kvHeads);
        add("attn_v.weight", "self_attn.v_proj.weight", "self_attn.v_proj.weight", {kvDim, c.hidden});
        add("attn_output.weight", "self_attn.o_proj.weight", "self_attn.o_proj.weight", {c.hidden, qDim});
        add("ffn_norm.weight", "post_attention_layernorm.weight", "post_attention_layernorm.weight", {c.hidden});
        add("ffn_gate.weight", "mlp.gate_proj.weight", "mlp.gate_proj.weight", {c.intermediate, c.hidden});
        add("ffn_up.weight", "mlp.up_proj.weight", "mlp.up_proj.weight", {c.intermediate, c.hidden});
        add("ffn_down.weight", "mlp.down_proj.weight", "mlp.down_proj.weight", {c.hidden, c.intermediate});
    }
    map.push_back({gguf ? "output_norm.weight" : "model.norm.weight", "norm.weight", {c.hidden}, 0});
    if (!c.tiedEmbeddings)
        map.push_back({gguf ? "output.weight" : "lm_head.weight", "lm_head.weight", {c.vocabSize, c.hidden}, 0});
    return map;
}

std::vector<WeightEntry> bertWeightMap(const BertConfig& c, const std::string& prefix)
{
    std::vector<WeightEntry> map;
    auto add = [&](const std::string& name, std::vector<std::int64_t> shape) {
        map.push_back({prefix + name, name, std::move(shape), 0});
    };
    add("embeddings.word_embeddings.weight", {c.vocabSize, c.hidden});
    add("embeddings.position_embeddings.weight", {c.maxPositions, c.hidden});
    add("embeddings.token_type_embeddings.weight", {c.typeVocabSize, c.hidden});
    add("embeddings.LayerNorm.weight", {c.hidden});
    add("embeddings.LayerNorm.bias", {c.hidden});
    for (std::int64_t i = 0; i < c.layers; ++i) {
        const std::string p = "encoder.layer." + std::to_string(i) + ".";
        for (const char* name : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            add(p + name + ".weight", {c.hidden, c.hidden});
            add(p + name + ".bias", {c.hidden});
        }
        add(p + "attention.output.LayerNorm.weight", {c.hidden});
        add(p + "attention.output.LayerNorm.bias", {c.hidden});
        add(p + "intermediate.dense.weight", {c.intermediate, c.hidden});
        add(p + "intermediate.dense.bias", {c.intermediate});
        add(p + "output.dense.weight", {c.hidden, c.intermediate});
        add(p + "output.dense.bias", {c.hidden});
        add(p + "output.LayerNorm.weight", {c.hidden});
        add(p + "output.LayerNorm.bias", {c.hidden});
    }
    return map;
}

std::vector<float> unpermuteRows(const std::vector<float>& data, std::int64_t rows, std::int64_t cols, std::int64_t heads)
{
    // The converter wrote W'[h, i, j] = W[h, j, i] with W viewed as [heads, 2, half, cols] and W' as
    // [heads, half, 2, cols]; so row (h, j, i) of W is row (h, i, j) of W'.
    if (heads <= 0 || rows % (2 * heads) != 0)
        throw ShapeError("unpermuteRows: " + std::to_string(rows) + " rows do not split into " + std::to_string(heads) +
                         " heads of pairs");
    const std::int64_t half = rows / heads / 2;
    std::vector<float> out(data.size());
    for (std::int64_t h = 0; h < heads; ++h)
        for (std::int64_t j = 0; j < 2; ++j)
            for (std::int64_t i = 0; i < half; ++i) {
                const std::int64_t dst = (h * 2 + j) * half + i;
                const std::int64_t src = (h * half + i) * 2 + j;
                std::memcpy(out.data() + dst * cols, data.data() + src * cols, sizeof(float) * static_cast<std::size_t>(cols));
            }
    return out;
}

void loadWeights(torch::nn::Module& module, const io::TensorSource& source, const std::vector<WeightEntry>& map)
{
    torch::NoGradGuard noGrad;
    auto params = module.named_parameters(/*recurse=*/true);
    std::unordered_set<std::string> loaded;
    for (const WeightEntry& e : map) {
        torch::Tensor* param = params.find(e.parameterName);
        if (!param)
            throw ConfigError("loadWeights: the module has no parameter '" + e.parameterName + "' (for tensor '" +
                              e.checkpointName + "' of " + source.path() + ")");
        if (!source.has(e.checkpointName))
            throw FormatError(source.path() + ": missing tensor '" + e.checkpointName + "'");
        const io::TensorInfo& info = source.info(e.checkpointName);
        if (info.shape != e.shape)
            throw ShapeError(source.path() + ": tensor '" + e.checkpointName + "' has shape " + shapeText(info.shape) +
                             ", expected " + shapeText(e.shape));
        std::vector<float> data = source.readF32(e.checkpointName);
        if (static_cast<std::int64_t>(data.size()) != info.numel())
            throw FormatError(source.path() + ": tensor '" + e.checkpointName + "' gave " + std::to_string(data.size()) +
                              " values, expected " + std::to_string(info.numel()));
        if (e.unpermuteHeads > 0)
            data = unpermuteRows(data, e.shape[0], e.shape.size() > 1 ? e.shape[1] : 1, e.unpermuteHeads);
        torch::Tensor cpu = torch::from_blob(data.data(), e.shape, torch::kFloat32);
        if (param->sizes() != cpu.sizes())
            throw ShapeError("loadWeights: parameter '" + e.parameterName + "' is " + shapeText(param->sizes().vec()) +
                             " but the table expects " + shapeText(e.shape));
        param->copy_(cpu);
        loaded.insert(e.parameterName);
    }
    // Every frozen (base) parameter must come from the file: modules may be built without random
    // init for loading, so one left out would hold garbage.
    for (const auto& p : params)
        if (!p.value().requires_grad() && !loaded.count(p.key()))
            throw ConfigError("loadWeights: no tensor of " + source.path() + " maps to parameter '" + p.key() + "'");
}

void loadLlamaWeights(LlamaDecoderImpl& model, const io::TensorSource& source, CheckpointFormat format)
{
    loadWeights(model, source, llamaWeightMap(model.config(), format));
}

void loadBertWeights(BertEncoderImpl& model, const io::TensorSource& source)
{
    const std::string prefix = source.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
    loadWeights(model, source, bertWeightMap(model.config(), prefix));
}

} // namespace persona::nn
