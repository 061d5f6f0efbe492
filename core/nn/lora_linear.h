// A Linear layer whose frozen base weight can carry zero or more named LoRA adapters
// (y = x W^T + b + sum_enabled scale * (x A^T) B^T, scale = alpha / rank). Base weights are never
// edited; LoRAs are submodules named "lora_<name>" with parameters A [rank, in] and B [out, rank].
// Leaves out placement policy (which layers get a LoRA: the methods decide) and merging.
#pragma once

#include "core/nn/packed_linear.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace persona::nn {

// While one is alive on this thread, newly built LoraLinear base weights and decoder embeddings are
// allocated but not randomly initialised: the loader overwrites them at once, and random init of a
// 135M-parameter model costs more than loading it. LoRA adapters are always initialised.
class SkipInitScope {
public:
    SkipInitScope();
    ~SkipInitScope();
    SkipInitScope(const SkipInitScope&) = delete;
    SkipInitScope& operator=(const SkipInitScope&) = delete;
    static bool active();

private:
    bool m_previous;
};

// One low-rank adapter. A starts Kaiming-uniform (as PEFT), B starts at zero so a new LoRA leaves
// the output unchanged.
class LoraAdapterImpl : public torch::nn::Module {
public:
    LoraAdapterImpl(std::int64_t inFeatures, std::int64_t outFeatures, std::int64_t rank, double alpha);
    // x [..., in] -> [..., out], already multiplied by scale().
    torch::Tensor forward(const torch::Tensor& x);

    std::int64_t rank() const { return m_rank; }
    double alpha() const { return m_alpha; }
    double scale() const { return m_alpha / static_cast<double>(m_rank); }
    bool enabled() const { return m_enabled; }
    void setEnabled(bool enabled) { m_enabled = enabled; }

    torch::Tensor a; // [rank, in]
    torch::Tensor b; // [out, rank]

private:
    std::int64_t m_rank;
    double m_alpha;
    bool m_enabled = true;
};
TORCH_MODULE(LoraAdapter);

class LoraLinearImpl : public torch::nn::Module {
public:
    // Base parameters "weight" [out, in] and optional "bias" [out], frozen (requires_grad false).
    LoraLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias);

    // x [..., in] -> [..., out]
    torch::Tensor forward(const torch::Tensor& x);
    // The summed output of the enabled LoRAs for x [..., in] -> [..., out]; an undefined tensor when
    // none is enabled. Used by blocks that compute the base product fused with other layers.
    torch::Tensor loraDelta(const torch::Tensor& x);
    bool hasEnabledLora() const;

    // Adds a LoRA on the same device and dtype as the base weight. Throws ConfigError when `name`
    // is already used, is empty, or rank is not in [1, min(in, out)], or alpha <= 0.
    LoraAdapter addLora(const std::string& name, std::int64_t rank, double alpha);
    // Throws ConfigError when no LoRA has that name.
    void removeLora(const std::string& name);
    void setLoraEnabled(const std::string& name, bool enabled);
    LoraAdapter lora(const std::string& name) const;
    bool hasLora(const std::string& name) const;
    // Names in insertion order.
    std::vector<std::string> loras() const;
    // Parameters of the LoRAs (A and B of each, enabled or not); the only trainable ones.
    std::vector<torch::Tensor> loraParameters() const;

    const PackedSlot& packedSlot() const { return m_packed; }
    // The file blocks of the base weight, for decoding it once it is bfloat16 (PackedSlot::fileBlocks).
    void setFileBlocks(std::shared_ptr<const PackedWeight> blocks) { m_packed.fileBlocks = std::move(blocks); }
    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }

    torch::Tensor weight; // [out, in], frozen
    torch::Tensor bias;   // [out] or undefined, frozen

private:
    PackedSlot m_packed; // the decoding form of `weight` (packed_linear.h)
    std::vector<std::pair<std::string, LoraAdapter>>::const_iterator find(const std::string& name) const;

    std::int64_t m_in;
    std::int64_t m_out;
    std::vector<std::pair<std::string, LoraAdapter>> m_loras;
};
TORCH_MODULE(LoraLinear);

// x [..., in] @ weight [out, in]^T (+ bias [out]) -> [..., out]. A single row (decoding one token)
// goes through a matrix-vector product: BLAS GEMM packs the whole weight for one row, GEMV streams it
// once (about 1.5x faster on CPU for the decoder's shapes).
torch::Tensor denseLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias = {});

// The base weights of `linears` (same in-features, device and dtype) stacked by rows into one
// [sum(out), in] tensor, with each linear's weight turned into a view of it, so one matmul computes
// all base products and no memory is duplicated. `fused` caches the result between calls; it is
// rebuilt when a weight no longer aliases it (after to(), a reload or a dtype change). When autograd
// is on and a weight requires grad (full fine-tuning), returns a fresh differentiable concatenation.
torch::Tensor fusedBaseWeight(const std::vector<LoraLinear>& linears, torch::Tensor& fused);

} // namespace persona::nn
