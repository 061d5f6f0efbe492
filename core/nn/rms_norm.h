// Root-mean-square layer norm as Llama uses it (statistics in float32, then scaled by a weight).
// Leaves out bias and mean-centering (that is LayerNorm, used by the BERT encoder).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

namespace persona::nn {

class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(std::int64_t hidden, double eps);
    // x [..., hidden] -> [..., hidden], same dtype as x.
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight; // [hidden]

private:
    double m_eps;
};
TORCH_MODULE(RmsNorm);

} // namespace persona::nn
