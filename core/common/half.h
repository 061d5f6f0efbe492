// IEEE half (fp16) and bfloat16 conversions to and from float32, bit-exact with ggml and numpy
// (round to nearest even on narrowing). Leaves out vectorised bulk conversion (loops over these
// inline functions vectorise well enough).
#pragma once

#include <cstdint>
#include <cstring>

namespace persona {

inline float bitsToFloat(std::uint32_t bits)
{
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

inline std::uint32_t floatToBits(float f)
{
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

// fp16 -> fp32, exact for every input including subnormals, infinities and NaN.
inline float fp16ToFloat(std::uint16_t h)
{
    // Maxime Rouiller's / ggml's branch-free method: shift the mantissa and exponent into place and
    // rescale by 2^-112; subnormals go through a magic float subtraction.
    const std::uint32_t w = static_cast<std::uint32_t>(h) << 16;
    const std::uint32_t sign = w & 0x80000000u;
    const std::uint32_t two_w = w + w;
    const std::uint32_t expOffset = 0xE0u << 23;
    const float expScale = bitsToFloat(0x7800000u); // 2^-112
    const float normalized = bitsToFloat((two_w >> 4) + expOffset) * expScale;
    const std::uint32_t magicMask = 126u << 23;
    const float magicBias = 0.5f;
    const float denormalized = bitsToFloat((two_w >> 17) | magicMask) - magicBias;
    const std::uint32_t denormCutoff = 1u << 27;
    const std::uint32_t result =
        sign | (two_w < denormCutoff ? floatToBits(denormalized) : floatToBits(normalized));
    return bitsToFloat(result);
}

// fp32 -> fp16 with round to nearest even; overflow gives infinity, NaN stays NaN.
inline std::uint16_t floatToFp16(float f)
{
    const std::uint32_t x = floatToBits(f);
    const std::uint32_t sign = (x >> 16) & 0x8000u;
    const std::uint32_t absx = x & 0x7FFFFFFFu;
    if (absx >= 0x7F800000u) // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7C00u | (absx > 0x7F800000u ? 0x200u : 0u));
    if (absx >= 0x477FF000u) // rounds to >= 65520: overflow
        return static_cast<std::uint16_t>(sign | 0x7C00u);
    if (absx < 0x38800000u) { // below the smallest normal half: subnormal or zero
        // Adding 0.5 lets the FPU do the round-to-nearest-even shift into the subnormal range.
        const float v = bitsToFloat(absx) + 0.5f;
        return static_cast<std::uint16_t>(sign | (floatToBits(v) - 0x3F000000u));
    }
    const std::uint32_t mantOdd = (absx >> 13) & 1u;
    const std::uint32_t rounded = absx + 0xC8000FFFu + mantOdd; // rebias exponent (-112) and round
    return static_cast<std::uint16_t>(sign | (rounded >> 13));
}

inline float bf16ToFloat(std::uint16_t b)
{
    return bitsToFloat(static_cast<std::uint32_t>(b) << 16);
}

// fp32 -> bf16 with round to nearest even (as PyTorch); NaN stays a quiet NaN.
inline std::uint16_t floatToBf16(float f)
{
    const std::uint32_t x = floatToBits(f);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return static_cast<std::uint16_t>((x >> 16) | 0x40u);
    return static_cast<std::uint16_t>((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}

} // namespace persona
