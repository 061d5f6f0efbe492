// The decoder's output projection for decoding: decodeLinear (packed_linear.h) with the logits left
// in float32 when the packed kernels computed them. A bfloat16 model's logits rounded to bfloat16
// are 0.125 apart near 25, so the greedy choice between two candidates closer than that fell to the
// lower token id (seen on an AVX2-only CPU: the continuation left the reference's at the first
// token). Leaves out the projection's other uses (the dense path keeps the weight's dtype).
#pragma once

#include "core/nn/packed_linear.h"

namespace persona::nn {

// x [..., in] @ weight [out, in]^T -> [..., out]: float32 when packed kernels ran, else as
// decodeLinear returns it.
torch::Tensor decodeLogits(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot);

} // namespace persona::nn
