// Llama-family decoder (SmolLM2): token embeddings, N blocks of RMSNorm -> GQA attention with RoPE
// -> RMSNorm -> SwiGLU, a final RMSNorm and a tied or separate lm head. Forward from token ids or
// from input embeddings, with padding masks and an optional KV cache. Leaves out loading
// (weight_map.h, runtime/model_loader.h) and sampling (runtime/generation.h).
#pragma once

#include "core/nn/attention.h"
#include "core/nn/lora_linear.h"
#include "core/nn/model_config.h"
#include "core/nn/rms_norm.h"
#include "core/nn/rotary_embedding.h"
#include "core/nn/swiglu.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace persona::nn {

// The state of incremental decoding: keys and values of every layer plus, per sequence, which
// cached positions are real tokens and how many real tokens it holds (the next RoPE position).
struct KvCache {
    std::vector<LayerKvCache> layers;
    torch::Tensor keyMask;    // [batch, length] int64, 1 = real token, 0 = padding
    torch::Tensor validCount; // [batch] int64
    std::int64_t length() const { return layers.empty() ? 0 : layers.front().length; }
    void clear();
    // Keeps only these sequences (rows [kept] int64, in the new order): batched generation drops
    // the rows that have finished.
    void keepRows(const torch::Tensor& rows);
};

// Runs after decoder layer `layer` on its output hidden states [batch, seq, hidden] and returns
// what the next layer reads (the same shape): User-LLM's gated cross-attention sits here, outside
// the decoder's own weights. With a KV cache, seq is the new tokens only.
using LayerHook = std::function<torch::Tensor(std::size_t layer, const torch::Tensor& hidden)>;

struct DecoderInput {
    torch::Tensor inputIds;      // [batch, seq] int64; or
    torch::Tensor inputsEmbeds;  // [batch, seq, hidden] (soft prompts), exactly one of the two
    // [batch, seq], 1 = token, 0 = padding (left or right). Only the new tokens when a cache is
    // used: the cache remembers the mask of earlier ones. Undefined = all ones.
    torch::Tensor attentionMask;
    // [batch, seq] int64 RoPE positions. Undefined = count of real tokens before each token
    // (so padding does not shift positions); explicit positions are the caller's responsibility.
    torch::Tensor positionIds;
    KvCache* cache = nullptr;    // appended to when given
    // Only the logits of each sequence's last real token: [batch, 1, vocab].
    bool lastOnly = false;
    LayerHook afterLayer; // empty = none
};

// One linear layer of the decoder, for LoRA placement: kind is q, k, v, o, gate, up or down.
struct DecoderLinear {
    std::string name; // "layers.3.self_attn.q_proj"
    std::int64_t layer;
    std::string kind;
    LoraLinear linear;
};

class LlamaBlockImpl : public torch::nn::Module {
public:
    explicit LlamaBlockImpl(const LlamaConfig& config);
    // x [batch, seq, hidden] -> [batch, seq, hidden]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                          const torch::Tensor& mask, LayerKvCache* cache);

    RmsNorm inputNorm{nullptr};
    Attention selfAttn{nullptr};
    RmsNorm postAttentionNorm{nullptr};
    SwiGlu mlp{nullptr};
};
TORCH_MODULE(LlamaBlock);

class LlamaDecoderImpl : public torch::nn::Module {
public:
    // Parameters are randomly initialised; load weights with loadLlamaWeights (weight_map.h).
    // Parameter names follow Hugging Face without the "model." prefix ("layers.0.self_attn.q_proj.weight").
    explicit LlamaDecoderImpl(const LlamaConfig& config);

    // Returns logits [batch, seq, vocab] (or [batch, 1, vocab] with lastOnly) in the model dtype.
    // Throws ShapeError when the inputs disagree with each other or with the cache.
    torch::Tensor forward(const DecoderInput& input);
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask = {});

    // The final-norm hidden states [batch, seq, hidden] (all positions), for the same input.
    torch::Tensor hiddenStates(const DecoderInput& input);
    // hidden [..., hidden] -> logits [..., vocab]
    torch::Tensor logits(const torch::Tensor& hidden);

    // ids [batch, seq] -> [batch, seq, hidden]
    torch::Tensor embed(const torch::Tensor& ids);
    // The input embedding matrix [vocab, hidden] (shared with the lm head when tied).
    torch::Tensor inputEmbeddingMatrix() const { return m_embedTokens; }
    // Linear layers in order: per layer q, k, v, o, gate, up, down.
    std::vector<DecoderLinear> linearLayers() const;
    // How decoding steps multiplied the linear weights (PackedSlot::route -> number of weights,
    // the fused q/k/v and gate/up products counting once each, the lm head once); empty before
    // the first decoding step.
    std::map<std::string, int> decodingWeights() const;
    // Keeps the GGUF blocks of the float32 weights just loaded (PackedWeight::fromExact), so that
    // after a conversion to bfloat16 the decoding steps multiply the file's own blocks (while each
    // weight is still their rounding). The loader calls it before converting; a no-op for weights
    // that are not blocks.
    void keepFileBlocks();
    // A fresh cache for this model.
    KvCache makeCache() const;

    const LlamaConfig& config() const { return m_config; }
    torch::Device device() const { return m_embedTokens.device(); }
    torch::ScalarType dtype() const { return m_embedTokens.scalar_type(); }

    std::vector<LlamaBlock> blocks;

private:
    LlamaConfig m_config;
    RotaryEmbedding m_rope;
    torch::Tensor m_embedTokens; // [vocab, hidden]
    torch::nn::ModuleList m_layers{nullptr};
    RmsNorm m_norm{nullptr};
    torch::Tensor m_lmHead;      // [vocab, hidden], undefined when tied
    PackedSlot m_packedHead;     // the decoding form of the lm head (packed_linear.h)
};
TORCH_MODULE(LlamaDecoder);

} // namespace persona::nn
