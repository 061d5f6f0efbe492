// SwiGLU feed-forward of Llama: down(silu(gate(x)) * up(x)), each projection a LoraLinear without
// bias. Leaves out other activations (BERT's GELU MLP lives in bert_encoder).
#pragma once

#include "core/nn/lora_linear.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

namespace persona::nn {

class SwiGluImpl : public torch::nn::Module {
public:
    SwiGluImpl(std::int64_t hidden, std::int64_t intermediate);
    // x [batch, seq, hidden] -> [batch, seq, hidden]
    torch::Tensor forward(const torch::Tensor& x);

    // How decoding steps multiplied the fused gate/up weight (packed_linear.h).
    const PackedSlot& packedGateUpSlot() const { return m_packed; }
    // File blocks of the fused gate/up weight and of down (PackedSlot::fileBlocks).
    void setFileBlocks(std::shared_ptr<const PackedWeight> gateUp, std::shared_ptr<const PackedWeight> down)
    {
        m_packed.fileBlocks = std::move(gateUp);
        downProj->setFileBlocks(std::move(down));
    }

    LoraLinear gateProj{nullptr}; // [intermediate, hidden]
    LoraLinear upProj{nullptr};   // [intermediate, hidden]
    LoraLinear downProj{nullptr}; // [hidden, intermediate]

private:
    // gate and up weights side by side [2 * intermediate, hidden], sharing storage with them.
    torch::Tensor fusedGateUp();
    torch::Tensor m_fused;
    PackedSlot m_packed;
};
TORCH_MODULE(SwiGlu);

} // namespace persona::nn
