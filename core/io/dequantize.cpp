#include "core/io/dequantize.h"

#include "core/common/half.h"

#include <cassert>
#include <cstring>

// Block layouts follow ggml-common.h (block_q4_0 ... block_q8_K); every loop writes the block's
// outputs in ggml's order so results match ggml and gguf-py exactly (no fused multiply-add: the
// products and sums round as in the reference).

namespace persona::io {

namespace {

constexpr int kQK = 256;

inline std::uint16_t loadU16(const std::uint8_t* p)
{
    std::uint16_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline float loadHalf(const std::uint8_t* p)
{
    return fp16ToFloat(loadU16(p));
}

void dequantQ4_0(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 18, y += 32) {
        const float d = loadHalf(x);
        const std::uint8_t* qs = x + 2;
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>((qs[j] & 0x0F) - 8) * d;
            y[j + 16] = static_cast<float>((qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantQ4_1(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 20, y += 32) {
        const float d = loadHalf(x);
        const float m = loadHalf(x + 2);
        const std::uint8_t* qs = x + 4;
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>(qs[j] & 0x0F) * d + m;
            y[j + 16] = static_cast<float>(qs[j] >> 4) * d + m;
        }
    }
}

void dequantQ5_0(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 22, y += 32) {
        const float d = loadHalf(x);
        std::uint32_t qh;
        std::memcpy(&qh, x + 2, 4);
        const std::uint8_t* qs = x + 6;
        for (int j = 0; j < 16; ++j) {
            const int h0 = static_cast<int>((qh >> j) & 1u) << 4;
            const int h1 = static_cast<int>((qh >> (j + 16)) & 1u) << 4;
            y[j] = static_cast<float>(((qs[j] & 0x0F) | h0) - 16) * d;
            y[j + 16] = static_cast<float>(((qs[j] >> 4) | h1) - 16) * d;
        }
    }
}

void dequantQ5_1(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 24, y += 32) {
        const float d = loadHalf(x);
        const float m = loadHalf(x + 2);
        std::uint32_t qh;
        std::memcpy(&qh, x + 4, 4);
        const std::uint8_t* qs = x + 8;
        for (int j = 0; j < 16; ++j) {
            const int h0 = static_cast<int>((qh >> j) & 1u) << 4;
            const int h1 = static_cast<int>((qh >> (j + 16)) & 1u) << 4;
            y[j] = static_cast<float>((qs[j] & 0x0F) | h0) * d + m;
            y[j + 16] = static_cast<float>((qs[j] >> 4) | h1) * d + m;
        }
    }
}

void dequantQ8_0(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 34, y += 32) {
        const float d = loadHalf(x);
        const auto* qs = reinterpret_cast<const std::int8_t*>(x + 2);
        for (int j = 0; j < 32; ++j)
            y[j] = static_cast<float>(qs[j]) * d;
    }
}

// block_q2_K: scales[16] (low nibble scale, high nibble min), qs[64] (2 bits), d, dmin.
void dequantQ2_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 84) {
        const std::uint8_t* scales = x;
        const std::uint8_t* q = x + 16;
        const float d = loadHalf(x + 80);
        const float dmin = loadHalf(x + 82);
        int is = 0;
        for (int n = 0; n < kQK; n += 128, q += 32) {
            for (int shift = 0; shift < 8; shift += 2) {
                for (int half = 0; half < 2; ++half) {
                    const std::uint8_t sc = scales[is++];
                    const float dl = d * static_cast<float>(sc & 0x0F);
                    const float ml = dmin * static_cast<float>(sc >> 4);
                    const std::uint8_t* qq = q + 16 * half;
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * static_cast<float>((qq[l] >> shift) & 3) - ml;
                }
            }
        }
    }
}

// block_q3_K: hmask[32], qs[64] (low 2 bits), scales[12] (16 packed 6-bit scales), d.
void dequantQ3_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 110) {
        const std::uint8_t* hm = x;
        const std::uint8_t* q = x + 32;
        const std::uint8_t* s = x + 96;
        const float dAll = loadHalf(x + 108);
        int scales[16];
        for (int k = 0; k < 16; ++k) {
            const int low = (k < 8 ? s[k] : s[k - 8] >> 4) & 0x0F;
            const int high = (s[8 + k % 4] >> (2 * (k / 4))) & 0x03;
            scales[k] = (low | (high << 4)) - 32;
        }
        int is = 0;
        std::uint8_t m = 1;
        for (int n = 0; n < kQK; n += 128, q += 32) {
            for (int shift = 0; shift < 8; shift += 2, m = static_cast<std::uint8_t>(m << 1)) {
                for (int half = 0; half < 2; ++half) {
                    const float dl = dAll * static_cast<float>(scales[is++]);
                    for (int l = 16 * half; l < 16 * half + 16; ++l) {
                        const int v = ((q[l] >> shift) & 3) - ((hm[l] & m) ? 0 : 4);
                        *y++ = dl * static_cast<float>(v);
                    }
                }
            }
        }
    }
}

// The 6-bit scale and min of sub-block j (0..7) packed in K-quant `scales[12]`.
inline void scaleMinK4(int j, const std::uint8_t* q, int& sc, int& mn)
{
    if (j < 4) {
        sc = q[j] & 63;
        mn = q[j + 4] & 63;
    } else {
        sc = (q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4);
        mn = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

// block_q4_K: d, dmin, scales[12], qs[128].
void dequantQ4_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 144) {
        const float d = loadHalf(x);
        const float dmin = loadHalf(x + 2);
        const std::uint8_t* scales = x + 4;
        const std::uint8_t* q = x + 16;
        for (int j = 0; j < 8; j += 2, q += 32) {
            int sc, mn;
            scaleMinK4(j, scales, sc, mn);
            const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(mn);
            scaleMinK4(j + 1, scales, sc, mn);
            const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(mn);
            for (int l = 0; l < 32; ++l)
                y[l] = d1 * static_cast<float>(q[l] & 0x0F) - m1;
            for (int l = 0; l < 32; ++l)
                y[32 + l] = d2 * static_cast<float>(q[l] >> 4) - m2;
            y += 64;
        }
    }
}

// block_q5_K: d, dmin, scales[12], qh[32], qs[128].
void dequantQ5_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 176) {
        const float d = loadHalf(x);
        const float dmin = loadHalf(x + 2);
        const std::uint8_t* scales = x + 4;
        const std::uint8_t* qh = x + 16;
        const std::uint8_t* ql = x + 48;
        int u1 = 1, u2 = 2;
        for (int j = 0; j < 8; j += 2, ql += 32, u1 <<= 2, u2 <<= 2) {
            int sc, mn;
            scaleMinK4(j, scales, sc, mn);
            const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(mn);
            scaleMinK4(j + 1, scales, sc, mn);
            const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(mn);
            for (int l = 0; l < 32; ++l)
                y[l] = d1 * static_cast<float>((ql[l] & 0x0F) + ((qh[l] & u1) ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l)
                y[32 + l] = d2 * static_cast<float>((ql[l] >> 4) + ((qh[l] & u2) ? 16 : 0)) - m2;
            y += 64;
        }
    }
}

// block_q6_K: ql[128], qh[64], scales[16] (int8), d.
void dequantQ6_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 210) {
        const std::uint8_t* ql = x;
        const std::uint8_t* qh = x + 128;
        const auto* sc = reinterpret_cast<const std::int8_t*>(x + 192);
        const float d = loadHalf(x + 208);
        for (int n = 0; n < kQK; n += 128, ql += 64, qh += 32, sc += 8, y += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 0x0F) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
                y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
                y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
                y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
            }
        }
    }
}

// block_q8_K: float d, int8 qs[256], int16 bsums[16] (bsums are only for dot products).
void dequantQ8_K(const std::uint8_t* x, float* y, std::int64_t nb)
{
    for (std::int64_t i = 0; i < nb; ++i, x += 292, y += kQK) {
        float d;
        std::memcpy(&d, x, 4);
        const auto* qs = reinterpret_cast<const std::int8_t*>(x + 4);
        for (int j = 0; j < kQK; ++j)
            y[j] = d * static_cast<float>(qs[j]);
    }
}

} // namespace

bool canDequantize(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16: case GgmlType::F64:
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
    case GgmlType::Q8_0: case GgmlType::Q2_K: case GgmlType::Q3_K: case GgmlType::Q4_K:
    case GgmlType::Q5_K: case GgmlType::Q6_K: case GgmlType::Q8_K:
        return true;
    default:
        return false;
    }
}

void dequantize(GgmlType type, const std::uint8_t* src, float* dst, std::int64_t numel)
{
    assert(canDequantize(type));
    assert(numel % ggmlTypeTraits(type).blockSize == 0);
    const std::int64_t nb = numel / ggmlTypeTraits(type).blockSize;
    if (numel == 0) // a tensor with a zero dimension: nothing to read (dst may be null)
        return;
    switch (type) {
    case GgmlType::F32:
        std::memcpy(dst, src, static_cast<std::size_t>(numel) * 4);
        return;
    case GgmlType::F16:
        for (std::int64_t i = 0; i < numel; ++i)
            dst[i] = fp16ToFloat(loadU16(src + 2 * i));
        return;
    case GgmlType::BF16:
        for (std::int64_t i = 0; i < numel; ++i)
            dst[i] = bf16ToFloat(loadU16(src + 2 * i));
        return;
    case GgmlType::F64:
        for (std::int64_t i = 0; i < numel; ++i) {
            double v;
            std::memcpy(&v, src + 8 * i, 8);
            dst[i] = static_cast<float>(v);
        }
        return;
    case GgmlType::Q4_0: dequantQ4_0(src, dst, nb); return;
    case GgmlType::Q4_1: dequantQ4_1(src, dst, nb); return;
    case GgmlType::Q5_0: dequantQ5_0(src, dst, nb); return;
    case GgmlType::Q5_1: dequantQ5_1(src, dst, nb); return;
    case GgmlType::Q8_0: dequantQ8_0(src, dst, nb); return;
    case GgmlType::Q2_K: dequantQ2_K(src, dst, nb); return;
    case GgmlType::Q3_K: dequantQ3_K(src, dst, nb); return;
    case GgmlType::Q4_K: dequantQ4_K(src, dst, nb); return;
    case GgmlType::Q5_K: dequantQ5_K(src, dst, nb); return;
    case GgmlType::Q6_K: dequantQ6_K(src, dst, nb); return;
    case GgmlType::Q8_K: dequantQ8_K(src, dst, nb); return;
    default:
        return;
    }
}

} // namespace persona::io
