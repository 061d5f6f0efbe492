#include "core/nn/swiglu.h"

#include <torch/nn/functional/activation.h>

namespace persona::nn {

SwiGluImpl::SwiGluImpl(std::int64_t hidden, std::int64_t intermediate)
{
    gateProj = register_module("gate_proj", LoraLinear(hidden, intermediate, false));
    upProj = register_module("up_proj", LoraLinear(hidden, intermediate, false));
    downProj = register_module("down_proj", LoraLinear(intermediate, hidden, false));
}

torch::Tensor SwiGluImpl::fusedGateUp()
{
    return fusedBaseWeight({gateProj, upProj}, m_fused);
}

torch::Tensor SwiGluImpl::forward(const torch::Tensor& x)
{
    const std::int64_t inter = gateProj->outFeatures();
    // One matmul for both base products, then the LoRA deltas (if any) per projection.
    torch::Tensor gateUp = decodeLinear(x, fusedGateUp(), m_packed);
    torch::Tensor gate = gateUp.narrow(-1, 0, inter);
    torch::Tensor up = gateUp.narrow(-1, inter, inter);
    if (torch::Tensor d = gateProj->loraDelta(x); d.defined())
        gate = gate + d;
    if (torch::Tensor d = upProj->loraDelta(x); d.defined())
        up = up + d;
    return downProj->forward(torch::silu(gate) * up);
}

} // namespace persona::nn
