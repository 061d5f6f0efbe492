#include "core/nn/rms_norm.h"

namespace persona::nn {

RmsNormImpl::RmsNormImpl(std::int64_t hidden, double eps) : m_eps(eps)
{
    weight = register_parameter("weight", torch::ones({hidden}), false);
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor& x)
{
    // As transformers' LlamaRMSNorm: normalise in float32, cast back, then multiply by the weight.
    torch::Tensor h = x.scalar_type() == torch::kFloat32 ? x : x.to(torch::kFloat32);
    torch::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);
    h = h * torch::rsqrt(variance + m_eps);
    return weight * h.to(x.scalar_type());
}

} // namespace persona::nn
