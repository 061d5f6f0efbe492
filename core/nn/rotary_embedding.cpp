#include "core/nn/rotary_embedding.h"

#include "core/common/error.h"

#include <string>

namespace persona::nn {

RotaryEmbedding::RotaryEmbedding(std::int64_t headDim, double theta) : m_headDim(headDim), m_theta(theta)
{
    if (headDim <= 0 || headDim % 2 != 0)
        throw ConfigError("RotaryEmbedding: head dimension must be positive and even, got " + std::to_string(headDim));
    if (!(theta > 0.0))
        throw ConfigError("RotaryEmbedding: theta must be positive, got " + std::to_string(theta));
    // Same float32 arithmetic as transformers' default rope init: 1 / theta^(2i / dim).
    torch::Tensor exponents = torch::arange(0, headDim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<float>(headDim);
    m_invFreq = 1.0 / torch::pow(torch::scalar_tensor(static_cast<float>(theta), torch::kFloat32), exponents);
}

std::pair<torch::Tensor, torch::Tensor> RotaryEmbedding::cosSin(const torch::Tensor& positions,
                                                                 torch::ScalarType dtype) const
{
    torch::Tensor invFreq = m_invFreq.to(positions.device());
    // [batch, seq, 1] * [half] -> [batch, seq, half]; duplicated to the full head dimension.
    torch::Tensor freqs = positions.to(torch::kFloat32).unsqueeze(-1) * invFreq;
    torch::Tensor emb = torch::cat({freqs, freqs}, -1);
    return {emb.cos().to(dtype), emb.sin().to(dtype)};
}

torch::Tensor RotaryEmbedding::apply(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin)
{
    const std::int64_t half = x.size(-1) / 2;
    torch::Tensor x1 = x.narrow(-1, 0, half);
    torch::Tensor x2 = x.narrow(-1, half, half);
    torch::Tensor rotated = torch::cat({-x2, x1}, -1);
    torch::Tensor c = cos.unsqueeze(1);
    torch::Tensor s = sin.unsqueeze(1);
    return x * c + rotated * s;
}

} // namespace persona::nn
