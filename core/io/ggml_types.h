// The ggml tensor types a GGUF file may name: ids, names, block sizes and bytes per block, as in
// ggml's type traits (gguf-py GGML_QUANT_SIZES). Leaves out dequantization (dequantize.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace persona::io {

enum class GgmlType : std::uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22,
    IQ4_XS = 23, I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30,
    TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39,
};

struct GgmlTypeTraits {
    GgmlType type;
    const char* name;          // "Q4_K", as ggml and gguf-py spell it
    std::uint32_t blockSize;   // elements per block
    std::uint32_t typeSize;    // bytes per block
};

// Traits of a raw type id read from a file; nullptr for an id this reader does not know.
const GgmlTypeTraits* ggmlTypeTraits(std::uint32_t id);
const GgmlTypeTraits& ggmlTypeTraits(GgmlType type);
const char* ggmlTypeName(GgmlType type);
// The type with this name ("Q8_0"), if any.
std::optional<GgmlType> ggmlTypeFromName(const std::string& name);

// Bytes taken by `numel` elements of `type`, or std::nullopt when numel is not a multiple of the
// block size or the product overflows.
std::optional<std::uint64_t> ggmlByteSize(GgmlType type, std::uint64_t numel);

} // namespace persona::io
