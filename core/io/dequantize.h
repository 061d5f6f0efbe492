// Dequantization of ggml tensor data to float32, bit-compatible with ggml's dequantize_row_* and
// gguf-py's quants.dequantize. Leaves out quantization and the IQ*/TQ* codebook types.
#pragma once

#include "core/io/ggml_types.h"

#include <cstdint>

namespace persona::io {

// Whether dequantize() handles `type`: F32, F16, BF16, F64, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K,
// Q3_K, Q4_K, Q5_K, Q6_K, Q8_K.
bool canDequantize(GgmlType type);

// Converts `numel` elements stored as `type` at `src` (ggmlByteSize(type, numel) bytes, any
// alignment) into `dst` [numel]. Preconditions (asserted): canDequantize(type) and numel a multiple
// of the type's block size. Callers check the byte range against their file first.
void dequantize(GgmlType type, const std::uint8_t* src, float* dst, std::int64_t numel);

} // namespace persona::io
