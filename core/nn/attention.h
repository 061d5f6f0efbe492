// Grouped-query self-attention of Llama with RoPE, an additive causal + padding mask and an optional
// per-layer KV cache. q/k/v/o are LoraLinears without bias. Leaves out mask construction (the
// decoder builds one mask per forward and shares it between layers) and dropout (inference, LoRA).
#pragma once

#include "core/nn/lora_linear.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

namespace persona::nn {

// Keys and values of one layer, preallocated along the sequence and grown by doubling.
struct LayerKvCache {
    torch::Tensor keys;   // [batch, kvHeads, capacity, headDim]
    torch::Tensor values; // [batch, kvHeads, capacity, headDim]
    std::int64_t length = 0;

    // Appends k, v [batch, kvHeads, seq, headDim]; returns views of all cached keys and values
    // [batch, kvHeads, length, headDim].
    std::pair<torch::Tensor, torch::Tensor> append(const torch::Tensor& k, const torch::Tensor& v);
    void clear();
};

class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(std::int64_t hidden, std::int64_t heads, std::int64_t kvHeads, std::int64_t headDim);

    // x [batch, seq, hidden]; cos, sin [batch, seq, headDim]; mask additive [batch, 1, seq, past + seq]
    // (0 where allowed, the dtype's lowest value where not); cache may be null.
    // Returns [batch, seq, hidden].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                          const torch::Tensor& mask, LayerKvCache* cache);

    std::int64_t heads() const { return m_heads; }
    std::int64_t kvHeads() const { return m_kvHeads; }
    std::int64_t headDim() const { return m_headDim; }
    // How decoding steps multiplied the fused q/k/v weight (packed_linear.h).
    const PackedSlot& packedQkvSlot() const { return m_packedQkv; }
    // File blocks of the fused q/k/v weight and of o (PackedSlot::fileBlocks).
    void setFileBlocks(std::shared_ptr<const PackedWeight> qkv, std::shared_ptr<const PackedWeight> o)
    {
        m_packedQkv.fileBlocks = std::move(qkv);
        oProj->setFileBlocks(std::move(o));
    }

    LoraLinear qProj{nullptr}; // [heads * headDim, hidden]
    LoraLinear kProj{nullptr}; // [kvHeads * headDim, hidden]
    LoraLinear vProj{nullptr}; // [kvHeads * headDim, hidden]
    LoraLinear oProj{nullptr}; // [hidden, heads * headDim]

private:
    std::int64_t m_heads;
    std::int64_t m_kvHeads;
    std::int64_t m_headDim;
    torch::Tensor m_fusedQkv; // q, k, v weights stacked, sharing storage with them
    PackedSlot m_packedQkv;
};
TORCH_MODULE(Attention);

} // namespace persona::nn
