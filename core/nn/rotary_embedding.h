// Rotary position embedding (RoPE) in the Hugging Face "rotate_half" layout: the first and second
// halves of each head dimension form the rotated pairs. GGUF q/k weights are un-permuted on load so
// this one layout serves both file formats. Leaves out RoPE scaling variants (ConfigError on load).
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <utility>

namespace persona::nn {

class RotaryEmbedding {
public:
    RotaryEmbedding(std::int64_t headDim, double theta);

    // positions [batch, seq] (int64) -> {cos, sin}, each [batch, seq, headDim] in `dtype`.
    std::pair<torch::Tensor, torch::Tensor> cosSin(const torch::Tensor& positions, torch::ScalarType dtype) const;

    // x [batch, heads, seq, headDim]; cos, sin [batch, seq, headDim]. Returns the rotated x.
    static torch::Tensor apply(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

    std::int64_t headDim() const { return m_headDim; }
    double theta() const { return m_theta; }

private:
    std::int64_t m_headDim;
    double m_theta;
    torch::Tensor m_invFreq; // [headDim / 2] float32, on the CPU; moved to the positions' device on use
};

} // namespace persona::nn
