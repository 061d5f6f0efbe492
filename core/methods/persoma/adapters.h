// PERSOMA's soft-prompt adapters (section 3.1 and 4): item vectors of a user's history -> soft
// tokens in the decoder's embedding space. MLP (one token per item, 3 layers), Transformer (one
// layer over the item sequence, one token per item) and a Perceiver resampler (a fixed number of
// latent queries whatever the history size; keeps its attention weights for display).
// Leaves out the history encoder (item_encoder.h) and the decoder input layout (persoma_method.h).
#pragma once

#include "core/methods/persoma/persoma_section.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <string>
#include <vector>

namespace persona::methods {

struct AdapterConfig {
    AdapterKind kind = AdapterKind::Mlp;
    std::int64_t inputDim = 0;   // item vector size (parts x encoder hidden)
    std::int64_t outputDim = 0;  // decoder hidden size
    std::int64_t hidden = 512;   // MLP width / model width of Transformer and Perceiver
    std::int64_t mlpLayers = 3;
    std::int64_t transformerLayers = 1;
    std::int64_t perceiverLayers = 4;
    std::int64_t latents = 20;   // Perceiver output tokens
    std::int64_t heads = 8;
    std::int64_t maxItems = 512; // position table size of Transformer / Perceiver
    // Throws ConfigError naming the field and value.
    void validate() const;
};

struct AdapterOutput {
    torch::Tensor tokens; // [batch, tokens, outputDim]
    torch::Tensor mask;   // [batch, tokens] bool, true = a real soft token
};

// Multi-head attention that keeps its weights: query [B, Lq, d], keyValue [B, Lk, d],
// keyMask [B, Lk] bool (true = attend) -> [B, Lq, d]; lastWeights [B, heads, Lq, Lk].
class AdapterAttentionImpl : public torch::nn::Module {
public:
    AdapterAttentionImpl(std::int64_t dim, std::int64_t heads);
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& keyValue, const torch::Tensor& keyMask);
    torch::Tensor lastWeights;

private:
    std::int64_t m_heads;
    torch::nn::Linear m_q{nullptr}, m_k{nullptr}, m_v{nullptr}, m_o{nullptr};
};
TORCH_MODULE(AdapterAttention);

// Common interface: items [batch, n, inputDim], itemMask [batch, n] bool -> AdapterOutput.
class SoftPromptAdapter : public torch::nn::Module {
public:
    virtual AdapterOutput forward(const torch::Tensor& items, const torch::Tensor& itemMask) = 0;
    const AdapterConfig& config() const { return m_config; }
    // Perceiver only: per layer, the attention of each latent over the items, averaged over heads
    // and renormalised over the real items: [layers][batch, latents, n]. Empty for the others.
    virtual std::vector<torch::Tensor> itemAttention() const { return {}; }
    // Runs the adapter on one history, items [n, inputDim] (no autograd), and returns the last
    // layer's itemAttention() for it: [latents, n], rows summing to 1. An undefined tensor for
    // adapters without item attention. Throws ShapeError as forward() does.
    torch::Tensor lastItemAttention(const torch::Tensor& items);

protected:
    explicit SoftPromptAdapter(AdapterConfig config) : m_config(std::move(config)) {}
    AdapterConfig m_config;
};

class MlpAdapter : public SoftPromptAdapter {
public:
    explicit MlpAdapter(const AdapterConfig& config);
    AdapterOutput forward(const torch::Tensor& items, const torch::Tensor& itemMask) override;

private:
    torch::nn::ModuleList m_layers{nullptr};
};

class TransformerAdapter : public SoftPromptAdapter {
public:
    explicit TransformerAdapter(const AdapterConfig& config);
    AdapterOutput forward(const torch::Tensor& items, const torch::Tensor& itemMask) override;

private:
    torch::nn::Linear m_in{nullptr}, m_out{nullptr};
    torch::Tensor m_positions; // [maxItems, hidden]
    std::vector<AdapterAttention> m_attn;
    std::vector<torch::nn::LayerNorm> m_norm1, m_norm2;
    std::vector<torch::nn::Sequential> m_ffn;
};

class PerceiverAdapter : public SoftPromptAdapter {
public:
    explicit PerceiverAdapter(const AdapterConfig& config);
    AdapterOutput forward(const torch::Tensor& items, const torch::Tensor& itemMask) override;
    std::vector<torch::Tensor> itemAttention() const override { return m_itemAttention; }

private:
    torch::nn::Linear m_in{nullptr}, m_out{nullptr};
    torch::Tensor m_positions; // [maxItems, hidden]
    torch::Tensor m_latents;   // [latents, hidden]
    std::vector<AdapterAttention> m_attn;
    std::vector<torch::nn::LayerNorm> m_normItems, m_normLatents, m_normFfn;
    std::vector<torch::nn::Sequential> m_ffn;
    torch::nn::LayerNorm m_finalNorm{nullptr};
    std::vector<torch::Tensor> m_itemAttention;
};

// The item vectors of several histories ([n_i, dim] each, n_i > 0) as one batch: items [b, longest,
// dim] float32 on `device`, zeros past each history, and mask [b, longest] bool (true = an item).
// PERSOMA's adapters and User-LLM's Perceiver read this form.
std::pair<torch::Tensor, torch::Tensor> padItemBatch(const std::vector<torch::Tensor>& histories, std::int64_t dim,
                                                     torch::Device device);

// Builds the adapter of config.kind with fresh (seeded by the caller's torch seed) weights.
std::shared_ptr<SoftPromptAdapter> makeAdapter(const AdapterConfig& config);

} // namespace persona::methods
