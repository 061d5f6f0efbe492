#include "core/nn/packed_linear.h"
#include "core/nn/packed_head.h"

#include "core/common/half.h"
#include "core/io/dequantize.h"
#include "core/nn/lora_linear.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
// GCC 12 reports its own AVX-512 reduction intrinsics (_mm512_reduce_add_ps) as reading an
// uninitialised value (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#define PERSONA_X86 1
#endif

namespace persona::nn {

namespace {

constexpr std::int64_t kBlock = 32;

std::int64_t initialRowLimit()
{
    if (const char* v = std::getenv("PERSONA_PACKED_ROWS"); v && *v) {
        char* end = nullptr;
        const long n = std::strtol(v, &end, 10);
        if (end && *end == '\0' && n >= 0)
            return n;
    }
    return 8;
}

std::atomic<std::int64_t>& rowLimit()
{
    static std::atomic<std::int64_t> limit{initialRowLimit()};
    return limit;
}

// ---- finding the block type of a float32 row --------------------------------------------------

bool sameBits(const float* a, const float* b, std::int64_t n)
{
    return std::memcmp(a, b, static_cast<std::size_t>(n) * sizeof(float)) == 0;
}

// fp16 values nearest `v` (its rounding and the neighbours on each side), as candidates for a
// block scale that was rounded to fp16 after a division.
void halfCandidates(float v, std::uint16_t* out)
{
    const std::uint16_t h = floatToFp16(v);
    out[0] = h;
    out[1] = static_cast<std::uint16_t>(h + 1);
    out[2] = static_cast<std::uint16_t>(h - 1);
}

bool usableScale(std::uint16_t h)
{
    return std::isfinite(fp16ToFloat(h));
}

// Nibble blocks (Q4_1: value q * d + m; Q4_0: value (q - 8) * d; q in 0..15). The block's
// smallest and largest values are q_lo * d + m and q_hi * d + m (swapped when d < 0) for some
// q_lo < q_hi; every span k = q_hi - q_lo and offset q_lo is tried, largest span first (ggml's
// own quantizer always uses 0 and 15, so real files match at the first try). A candidate block
// counts only when io::dequantize gives back every value bit for bit.
bool exactNibble(const float* v, std::uint8_t* block, io::GgmlType type)
{
    const bool q41 = type == io::GgmlType::Q4_1;
    const int header = q41 ? 4 : 2;
    const float lo = *std::min_element(v, v + kBlock);
    const float hi = *std::max_element(v, v + kBlock);
    float y[kBlock];
    auto attempt = [&](std::uint16_t dh, std::uint16_t mh) {
        if (!usableScale(dh) || (q41 && !usableScale(mh)))
            return false;
        const float d = fp16ToFloat(dh);
        const float m = q41 ? fp16ToFloat(mh) : -8.0f * d;
        std::memcpy(block, &dh, 2);
        if (q41)
            std::memcpy(block + 2, &mh, 2);
        for (int j = 0; j < 16; ++j) {
            int q[2];
            for (int h = 0; h < 2; ++h) {
                const float x = v[j + 16 * h];
                q[h] = d != 0.0f ? static_cast<int>(std::lrint((x - m) / d)) : 0;
                q[h] = std::clamp(q[h], 0, 15);
            }
            block[header + j] = static_cast<std::uint8_t>(q[0] | (q[1] << 4));
        }
        io::dequantize(type, block, y, kBlock);
        return sameBits(y, v, kBlock);
    };
    if (lo == hi) {
        // One value: d = 0 with m = value (Q4_1), or d = 0 for zero (Q4_0), or one level of d.
        if (q41)
            return attempt(0, floatToFp16(lo));
        if (lo == 0.0f && attempt(0, 0))
            return true;
        for (int q = 0; q < 16; ++q) {
            if (q == 8)
                continue;
            std::uint16_t c[3];
            halfCandidates(lo / static_cast<float>(q - 8), c);
            for (std::uint16_t dh : c)
                if (attempt(dh, 0))
                    return true;
        }
        return false;
    }
    for (int k = 15; k >= 1; --k) {
        std::uint16_t c[3];
        halfCandidates((hi - lo) / static_cast<float>(k), c);
        for (std::uint16_t positive : c) {
            for (int sign = 0; sign < 2; ++sign) {
                const std::uint16_t dh = sign ? static_cast<std::uint16_t>(positive | 0x8000u) : positive;
                if (!usableScale(dh))
                    continue;
                if (!q41) {
                    if (attempt(dh, 0))
                        return true;
                    continue;
                }
                const float d = fp16ToFloat(dh);
                const float base = sign ? hi : lo;
                for (int j = 0; j <= 15 - k; ++j) {
                    std::uint16_t mc[3];
                    halfCandidates(base - static_cast<float>(j) * d, mc);
                    for (std::uint16_t mh : mc)
                        if (attempt(dh, mh))
                            return true;
                }
            }
        }
    }
    return false;
}

bool exactQ4_1(const float* v, std::uint8_t* block)
{
    return exactNibble(v, block, io::GgmlType::Q4_1);
}

bool exactQ4_0(const float* v, std::uint8_t* block)
{
    return exactNibble(v, block, io::GgmlType::Q4_0);
}

// block_q8_0 (d, 32 signed bytes), value q * d: the largest magnitude is |q| * |d| for some |q| in
// 1..128, 127 first (ggml's quantizer).
bool exactQ8_0(const float* v, std::uint8_t* block)
{
    float amax = 0.0f;
    for (int j = 0; j < kBlock; ++j)
        amax = std::max(amax, std::fabs(v[j]));
    float y[kBlock];
    auto attempt = [&](std::uint16_t dh) {
        if (!usableScale(dh))
            return false;
        const float d = fp16ToFloat(dh);
        std::memcpy(block, &dh, 2);
        for (int j = 0; j < kBlock; ++j) {
            const int q = d != 0.0f ? std::clamp(static_cast<int>(std::lrint(v[j] / d)), -128, 127) : 0;
            block[2 + j] = static_cast<std::uint8_t>(static_cast<std::int8_t>(q));
        }
        io::dequantize(io::GgmlType::Q8_0, block, y, kBlock);
        return sameBits(y, v, kBlock);
    };
    if (amax == 0.0f)
        return attempt(0);
    for (int k = 127; k >= 1; --k) {
        std::uint16_t c[3];
        halfCandidates(amax / static_cast<float>(k), c);
        for (std::uint16_t dh : c)
            if (attempt(dh) || attempt(static_cast<std::uint16_t>(dh | 0x8000u)))
                return true;
    }
    std::uint16_t c[3];
    halfCandidates(amax / 128.0f, c);
    for (std::uint16_t dh : c)
        if (attempt(dh) || attempt(static_cast<std::uint16_t>(dh | 0x8000u)))
            return true;
    return false;
}

// ---- kernels ----------------------------------------------------------------------------------
// Each computes, for weight rows [r0, r1) and input rows [0, m), y[i * rows + r] = sum over the row's
// blocks. Input rows go four at a time so each block's weights are unpacked once for four rows.

struct KernelArgs {
    const float* scales;
    const std::uint8_t* quants;
    const std::uint16_t* bf16;   // bfloat16 weight [rows, cols]
    std::int64_t rows, cols;
    const float* x;              // [m, cols]
    const float* xBlockSums;     // [m, cols / 32] (Nibble)
    std::int64_t m;
    float* y;                    // [m, rows]
};

// One weight row and one input row at a time; blockSum(r, b, i) is block b of weight row r times
// input row i.
template <class BlockSum>
void scalarRows(const KernelArgs& a, std::int64_t r0, std::int64_t r1, const BlockSum& blockSum)
{
    const std::int64_t nb = a.cols / kBlock;
    for (std::int64_t r = r0; r < r1; ++r)
        for (std::int64_t i = 0; i < a.m; ++i) {
            float acc = 0.0f;
            for (std::int64_t b = 0; b < nb; ++b)
                acc += blockSum(r, b, i);
            a.y[i * a.rows + r] = acc;
        }
}

void nibbleScalar(const KernelArgs& a, std::int64_t r0, std::int64_t r1)
{
    const std::int64_t nb = a.cols / kBlock;
    scalarRows(a, r0, r1, [&](std::int64_t r, std::int64_t b, std::int64_t i) {
        const std::uint8_t* q = a.quants + (r * nb + b) * 16;
        const float* xb = a.x + i * a.cols + b * kBlock;
        float s = 0.0f;
        for (int j = 0; j < 16; ++j)
            s += static_cast<float>(q[j] & 0x0F) * xb[j] + static_cast<float>(q[j] >> 4) * xb[j + 16];
        return a.scales[2 * (r * nb + b)] * s + a.scales[2 * (r * nb + b) + 1] * a.xBlockSums[i * nb + b];
    });
}

void byteScalar(const KernelArgs& a, std::int64_t r0, std::int64_t r1)
{
    const std::int64_t nb = a.cols / kBlock;
    scalarRows(a, r0, r1, [&](std::int64_t r, std::int64_t b, std::int64_t i) {
        const auto* q = reinterpret_cast<const std::int8_t*>(a.quants + (r * nb + b) * kBlock);
        const float* xb = a.x + i * a.cols + b * kBlock;
        float s = 0.0f;
        for (int j = 0; j < kBlock; ++j)
            s += static_cast<float>(q[j]) * xb[j];
        return a.scales[r * nb + b] * s;
    });
}

void bf16Scalar(const KernelArgs& a, std::int64_t r0, std::int64_t r1)
{
    for (std::int64_t r = r0; r < r1; ++r)
        for (std::int64_t i = 0; i < a.m; ++i) {
            const float* x = a.x + i * a.cols;
            const std::uint16_t* w = a.bf16 + r * a.cols;
            float acc = 0.0f;
            for (std::int64_t c = 0; c < a.cols; ++c)
                acc += bitsToFloat(static_cast<std::uint32_t>(w[c]) << 16) * x[c];
            a.y[i * a.rows + r] = acc;
        }
}

#ifdef PERSONA_X86

#define PERSONA_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma")))
#define PERSONA_AVX2 __attribute__((target("avx2,fma")))

template <int T>
PERSONA_AVX512 inline __attribute__((always_inline)) void nibbleBlockAvx512(const KernelArgs& a, const std::uint8_t* q,
    const float* s, std::int64_t nb, std::int64_t b, std::int64_t i0, __m512 (&acc)[T], float (&macc)[T])
{
    const __m128i low = _mm_set1_epi8(0x0F);
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + b * 16));
    const __m512 qlo = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(bytes, low)));
    const __m512 qhi = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(_mm_srli_epi16(bytes, 4), low)));
    const __m512 d = _mm512_set1_ps(s[2 * b]);
    const float mm = s[2 * b + 1];
    for (int t = 0; t < T; ++t) {
        const float* xb = a.x + (i0 + t) * a.cols + b * kBlock;
        __m512 p = _mm512_mul_ps(qlo, _mm512_loadu_ps(xb));
        p = _mm512_fmadd_ps(qhi, _mm512_loadu_ps(xb + 16), p);
        acc[t] = _mm512_fmadd_ps(d, p, acc[t]);
        macc[t] += mm * a.xBlockSums[(i0 + t) * nb + b];
    }
}

template <int T>
PERSONA_AVX512 inline __attribute__((always_inline)) void byteBlockAvx512(const KernelArgs& a, const std::uint8_t* q,
    const float* s, std::int64_t b, std::int64_t i0, __m512 (&acc)[T])
{
    const __m512 q0 = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + b * kBlock))));
    const __m512 q1 = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + b * kBlock + 16))));
    const __m512 d = _mm512_set1_ps(s[b]);
    for (int t = 0; t < T; ++t) {
        const float* xb = a.x + (i0 + t) * a.cols + b * kBlock;
        __m512 p = _mm512_mul_ps(q0, _mm512_loadu_ps(xb));
        p = _mm512_fmadd_ps(q1, _mm512_loadu_ps(xb + 16), p);
        acc[t] = _mm512_fmadd_ps(d, p, acc[t]);
    }
}

// Two accumulators per input row (even and odd blocks) so consecutive blocks do not wait on one
// another's multiply-add.
template <int T>
PERSONA_AVX512 void nibbleRowAvx512(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    const std::int64_t nb = a.cols / kBlock;
    __m512 acc[2][T];
    float macc[2][T];
    for (int t = 0; t < T; ++t)
        for (int e = 0; e < 2; ++e) {
            acc[e][t] = _mm512_setzero_ps();
            macc[e][t] = 0.0f;
        }
    const std::uint8_t* q = a.quants + r * nb * 16;
    const float* s = a.scales + 2 * r * nb;
    std::int64_t b = 0;
    for (; b + 2 <= nb; b += 2) {
        nibbleBlockAvx512<T>(a, q, s, nb, b, i0, acc[0], macc[0]);
        nibbleBlockAvx512<T>(a, q, s, nb, b + 1, i0, acc[1], macc[1]);
    }
    if (b < nb)
        nibbleBlockAvx512<T>(a, q, s, nb, b, i0, acc[0], macc[0]);
    for (int t = 0; t < T; ++t)
        a.y[(i0 + t) * a.rows + r] = _mm512_reduce_add_ps(_mm512_add_ps(acc[0][t], acc[1][t])) + (macc[0][t] + macc[1][t]);
}

template <int T>
PERSONA_AVX512 void byteRowAvx512(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    const std::int64_t nb = a.cols / kBlock;
    __m512 acc[2][T];
    for (int t = 0; t < T; ++t)
        acc[0][t] = acc[1][t] = _mm512_setzero_ps();
    const std::uint8_t* q = a.quants + r * nb * kBlock;
    const float* s = a.scales + r * nb;
    std::int64_t b = 0;
    for (; b + 2 <= nb; b += 2) {
        byteBlockAvx512<T>(a, q, s, b, i0, acc[0]);
        byteBlockAvx512<T>(a, q, s, b + 1, i0, acc[1]);
    }
    if (b < nb)
        byteBlockAvx512<T>(a, q, s, b, i0, acc[0]);
    for (int t = 0; t < T; ++t)
        a.y[(i0 + t) * a.rows + r] = _mm512_reduce_add_ps(_mm512_add_ps(acc[0][t], acc[1][t]));
}

// bfloat16 weights widened to float32 (a shift), four accumulators per input row.
template <int T>
PERSONA_AVX512 void bf16RowAvx512(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    __m512 acc[4][T];
    for (int t = 0; t < T; ++t)
        for (int e = 0; e < 4; ++e)
            acc[e][t] = _mm512_setzero_ps();
    const std::uint16_t* w = a.bf16 + r * a.cols;
    std::int64_t c = 0;
    for (; c + 64 <= a.cols; c += 64)
        for (int e = 0; e < 4; ++e) {
            const __m512 wf = _mm512_castsi512_ps(_mm512_slli_epi32(
                _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + c + 16 * e))), 16));
            for (int t = 0; t < T; ++t)
                acc[e][t] = _mm512_fmadd_ps(wf, _mm512_loadu_ps(a.x + (i0 + t) * a.cols + c + 16 * e), acc[e][t]);
        }
    for (; c + 16 <= a.cols; c += 16) {
        const __m512 wf = _mm512_castsi512_ps(
            _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + c))), 16));
        for (int t = 0; t < T; ++t)
            acc[0][t] = _mm512_fmadd_ps(wf, _mm512_loadu_ps(a.x + (i0 + t) * a.cols + c), acc[0][t]);
    }
    for (int t = 0; t < T; ++t) {
        float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc[0][t], acc[1][t]), _mm512_add_ps(acc[2][t], acc[3][t])));
        for (std::int64_t k = c; k < a.cols; ++k)
            sum += bitsToFloat(static_cast<std::uint32_t>(w[k]) << 16) * a.x[(i0 + t) * a.cols + k];
        a.y[(i0 + t) * a.rows + r] = sum;
    }
}

// Many input rows (batched decoding): each weight row is widened to float32 once, into `row`,
// then multiplied by the input rows four at a time, two accumulators each.
template <int T>
PERSONA_AVX512 inline __attribute__((always_inline)) void dotRowsAvx512(const float* row, const KernelArgs& a, std::int64_t r,
                                                                         std::int64_t i0)
{
    __m512 acc[2][T];
    for (int t = 0; t < T; ++t)
        acc[0][t] = acc[1][t] = _mm512_setzero_ps();
    for (std::int64_t c = 0; c < a.cols; c += 32) {
        const __m512 w0 = _mm512_loadu_ps(row + c);
        const __m512 w1 = _mm512_loadu_ps(row + c + 16);
        for (int t = 0; t < T; ++t) {
            const float* x = a.x + (i0 + t) * a.cols + c;
            acc[0][t] = _mm512_fmadd_ps(w0, _mm512_loadu_ps(x), acc[0][t]);
            acc[1][t] = _mm512_fmadd_ps(w1, _mm512_loadu_ps(x + 16), acc[1][t]);
        }
    }
    for (int t = 0; t < T; ++t)
        a.y[(i0 + t) * a.rows + r] = _mm512_reduce_add_ps(_mm512_add_ps(acc[0][t], acc[1][t]));
}

PERSONA_AVX512 void wideAvx512(const KernelArgs& a, bool nibble, std::int64_t r0, std::int64_t r1)
{
    const std::int64_t nb = a.cols / kBlock;
    std::vector<float> row(static_cast<std::size_t>(a.cols));
    const __m128i low = _mm_set1_epi8(0x0F);
    for (std::int64_t r = r0; r < r1; ++r) {
        for (std::int64_t b = 0; b < nb; ++b) {
            float* out = row.data() + b * kBlock;
            if (nibble) {
                const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.quants + (r * nb + b) * 16));
                const __m512 qlo = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(bytes, low)));
                const __m512 qhi = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(_mm_srli_epi16(bytes, 4), low)));
                const __m512 d = _mm512_set1_ps(a.scales[2 * (r * nb + b)]);
                const __m512 m = _mm512_set1_ps(a.scales[2 * (r * nb + b) + 1]);
                _mm512_storeu_ps(out, _mm512_fmadd_ps(qlo, d, m));
                _mm512_storeu_ps(out + 16, _mm512_fmadd_ps(qhi, d, m));
            } else {
                const std::uint8_t* q = a.quants + (r * nb + b) * kBlock;
                const __m512 d = _mm512_set1_ps(a.scales[r * nb + b]);
                _mm512_storeu_ps(out, _mm512_mul_ps(d, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q))))));
                _mm512_storeu_ps(out + 16, _mm512_mul_ps(d, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16))))));
            }
        }
        std::int64_t i = 0;
        for (; i + 4 <= a.m; i += 4)
            dotRowsAvx512<4>(row.data(), a, r, i);
        switch (a.m - i) {
        case 3: dotRowsAvx512<3>(row.data(), a, r, i); break;
        case 2: dotRowsAvx512<2>(row.data(), a, r, i); break;
        case 1: dotRowsAvx512<1>(row.data(), a, r, i); break;
        default: break;
        }
    }
}

PERSONA_AVX2 inline float hsum256(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

template <int T>
PERSONA_AVX2 void nibbleRowAvx2(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    const std::int64_t nb = a.cols / kBlock;
    const __m128i low = _mm_set1_epi8(0x0F);
    __m256 acc[T];
    float macc[T];
    for (int t = 0; t < T; ++t) {
        acc[t] = _mm256_setzero_ps();
        macc[t] = 0.0f;
    }
    const std::uint8_t* q = a.quants + r * nb * 16;
    const float* s = a.scales + 2 * r * nb;
    for (std::int64_t b = 0; b < nb; ++b) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + b * 16));
        const __m128i lo = _mm_and_si128(bytes, low);
        const __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), low);
        const __m256 q0 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo));
        const __m256 q1 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8)));
        const __m256 q2 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi));
        const __m256 q3 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8)));
        const __m256 d = _mm256_set1_ps(s[2 * b]);
        const float mm = s[2 * b + 1];
        for (int t = 0; t < T; ++t) {
            const float* xb = a.x + (i0 + t) * a.cols + b * kBlock;
            __m256 p = _mm256_mul_ps(q0, _mm256_loadu_ps(xb));
            p = _mm256_fmadd_ps(q1, _mm256_loadu_ps(xb + 8), p);
            p = _mm256_fmadd_ps(q2, _mm256_loadu_ps(xb + 16), p);
            p = _mm256_fmadd_ps(q3, _mm256_loadu_ps(xb + 24), p);
            acc[t] = _mm256_fmadd_ps(d, p, acc[t]);
            macc[t] += mm * a.xBlockSums[(i0 + t) * nb + b];
        }
    }
    for (int t = 0; t < T; ++t)
        a.y[(i0 + t) * a.rows + r] = hsum256(acc[t]) + macc[t];
}

template <int T>
PERSONA_AVX2 void byteRowAvx2(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    const std::int64_t nb = a.cols / kBlock;
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    const std::uint8_t* q = a.quants + r * nb * kBlock;
    const float* s = a.scales + r * nb;
    for (std::int64_t b = 0; b < nb; ++b) {
        __m256 qv[4];
        for (int k = 0; k < 4; ++k)
            qv[k] = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(q + b * kBlock + 8 * k))));
        const __m256 d = _mm256_set1_ps(s[b]);
        for (int t = 0; t < T; ++t) {
            const float* xb = a.x + (i0 + t) * a.cols + b * kBlock;
            __m256 p = _mm256_mul_ps(qv[0], _mm256_loadu_ps(xb));
            for (int k = 1; k < 4; ++k)
                p = _mm256_fmadd_ps(qv[k], _mm256_loadu_ps(xb + 8 * k), p);
            acc[t] = _mm256_fmadd_ps(d, p, acc[t]);
        }
    }
    for (int t = 0; t < T; ++t)
        a.y[(i0 + t) * a.rows + r] = hsum256(acc[t]);
}

template <int T>
PERSONA_AVX2 void bf16RowAvx2(const KernelArgs& a, std::int64_t r, std::int64_t i0)
{
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    const std::uint16_t* w = a.bf16 + r * a.cols;
    std::int64_t c = 0;
    for (; c + 8 <= a.cols; c += 8) {
        const __m256 wf = _mm256_castsi256_ps(
            _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + c))), 16));
        for (int t = 0; t < T; ++t)
            acc[t] = _mm256_fmadd_ps(wf, _mm256_loadu_ps(a.x + (i0 + t) * a.cols + c), acc[t]);
    }
    for (int t = 0; t < T; ++t) {
        float sum = hsum256(acc[t]);
        for (std::int64_t k = c; k < a.cols; ++k)
            sum += bitsToFloat(static_cast<std::uint32_t>(w[k]) << 16) * a.x[(i0 + t) * a.cols + k];
        a.y[(i0 + t) * a.rows + r] = sum;
    }
}

// Rows [r0, r1), input rows four at a time, then the remainder.
template <template <int> class Row>
void tiled(const KernelArgs& a, std::int64_t r0, std::int64_t r1)
{
    for (std::int64_t r = r0; r < r1; ++r) {
        std::int64_t i = 0;
        for (; i + 4 <= a.m; i += 4)
            Row<4>::run(a, r, i);
        switch (a.m - i) {
        case 3: Row<3>::run(a, r, i); break;
        case 2: Row<2>::run(a, r, i); break;
        case 1: Row<1>::run(a, r, i); break;
        default: break;
        }
    }
}

template <int T> struct NibbleAvx512 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { nibbleRowAvx512<T>(a, r, i); } };
template <int T> struct ByteAvx512 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { byteRowAvx512<T>(a, r, i); } };
template <int T> struct Bf16Avx512 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { bf16RowAvx512<T>(a, r, i); } };
template <int T> struct NibbleAvx2 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { nibbleRowAvx2<T>(a, r, i); } };
template <int T> struct ByteAvx2 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { byteRowAvx2<T>(a, r, i); } };
template <int T> struct Bf16Avx2 { static void run(const KernelArgs& a, std::int64_t r, std::int64_t i) { bf16RowAvx2<T>(a, r, i); } };

#endif // PERSONA_X86

enum class Isa { Scalar, Avx2, Avx512 };

Isa detectIsa()
{
#ifdef PERSONA_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return Isa::Avx2;
#endif
    return Isa::Scalar;
}

Isa detectedIsa()
{
    static const Isa detected = detectIsa();
    return detected;
}

std::atomic<int>& chosenIsa()
{
    static std::atomic<int> chosen{static_cast<int>(detectedIsa())};
    return chosen;
}

Isa isa()
{
    return static_cast<Isa>(chosenIsa().load(std::memory_order_relaxed));
}

enum class Format { Nibble, Byte, Bf16 };

void runKernel(Format format, const KernelArgs& a)
{
    // Chunks of rows small enough for both threads to get work on the 576-row projections.
    const std::int64_t grain = std::max<std::int64_t>(8, 16384 / std::max<std::int64_t>(a.cols, 1));
    at::parallel_for(0, a.rows, grain, [&](std::int64_t r0, std::int64_t r1) {
#ifdef PERSONA_X86
        if (isa() == Isa::Avx512) {
            // Beyond four input rows, widening each weight row once beats unpacking it per tile.
            if (a.m > 4 && format != Format::Bf16) {
                wideAvx512(a, format == Format::Nibble, r0, r1);
                return;
            }
            switch (format) {
            case Format::Nibble: tiled<NibbleAvx512>(a, r0, r1); return;
            case Format::Byte: tiled<ByteAvx512>(a, r0, r1); return;
            case Format::Bf16: tiled<Bf16Avx512>(a, r0, r1); return;
            }
        }
        if (isa() == Isa::Avx2) {
            switch (format) {
            case Format::Nibble: tiled<NibbleAvx2>(a, r0, r1); return;
            case Format::Byte: tiled<ByteAvx2>(a, r0, r1); return;
            case Format::Bf16: tiled<Bf16Avx2>(a, r0, r1); return;
            }
        }
#endif
        switch (format) {
        case Format::Nibble: nibbleScalar(a, r0, r1); return;
        case Format::Byte: byteScalar(a, r0, r1); return;
        case Format::Bf16: bf16Scalar(a, r0, r1); return;
        }
    });
}

} // namespace

std::int64_t PackedWeight::bytes() const
{
    return static_cast<std::int64_t>(m_scales.size() * sizeof(float) + m_quants.size());
}

std::shared_ptr<const PackedWeight> PackedWeight::fromExact(const torch::Tensor& weight)
{
    if (!weight.defined() || weight.dim() != 2 || weight.scalar_type() != torch::kFloat32 || !weight.device().is_cpu() ||
        weight.size(1) % kBlock != 0 || weight.size(0) == 0 || weight.size(1) == 0)
        return nullptr;
    const torch::Tensor w = weight.contiguous();
    const float* v = w.data_ptr<float>();
    const std::int64_t rows = w.size(0), cols = w.size(1), nb = cols / kBlock;

    struct Candidate {
        const char* name;
        Kind kind;
        io::GgmlType type;
        bool (*exact)(const float*, std::uint8_t*);
    };
    const Candidate candidates[] = {
        {"Q4_0", Kind::Nibble, io::GgmlType::Q4_0, exactQ4_0},
        {"Q4_1", Kind::Nibble, io::GgmlType::Q4_1, exactQ4_1},
        {"Q8_0", Kind::Byte, io::GgmlType::Q8_0, exactQ8_0},
    };
    for (const Candidate& c : candidates) {
        auto packed = std::make_shared<PackedWeight>();
        packed->m_kind = c.kind;
        packed->m_ggmlType = c.type;
        packed->m_type = c.name;
        packed->m_rows = rows;
        packed->m_cols = cols;
        const bool nibble = c.kind == Kind::Nibble;
        packed->m_scales.resize(static_cast<std::size_t>(rows * nb * (nibble ? 2 : 1)));
        packed->m_quants.resize(static_cast<std::size_t>(rows * nb * (nibble ? 16 : kBlock)));
        std::atomic<bool> ok{true};
        at::parallel_for(0, rows, 16, [&](std::int64_t r0, std::int64_t r1) {
            std::uint8_t block[40];
            for (std::int64_t r = r0; r < r1 && ok.load(std::memory_order_relaxed); ++r)
                for (std::int64_t b = 0; b < nb; ++b) {
                    const std::int64_t k = r * nb + b;
                    if (!c.exact(v + k * kBlock, block)) {
                        ok = false;
                        return;
                    }
                    std::uint16_t dh;
                    std::memcpy(&dh, block, 2);
                    const float d = fp16ToFloat(dh);
                    if (c.type == io::GgmlType::Q4_1) {
                        std::uint16_t mh;
                        std::memcpy(&mh, block + 2, 2);
                        packed->m_scales[2 * k] = d;
                        packed->m_scales[2 * k + 1] = fp16ToFloat(mh);
                        std::memcpy(&packed->m_quants[k * 16], block + 4, 16);
                    } else if (c.type == io::GgmlType::Q4_0) {
                        packed->m_scales[2 * k] = d;
                        packed->m_scales[2 * k + 1] = -8.0f * d;
                        std::memcpy(&packed->m_quants[k * 16], block + 2, 16);
                    } else {
                        packed->m_scales[k] = d;
                        std::memcpy(&packed->m_quants[k * kBlock], block + 2, kBlock);
                    }
                }
        });
        if (ok)
            return packed;
    }
    return nullptr;
}

std::shared_ptr<const PackedWeight> PackedWeight::stackRows(const std::vector<std::shared_ptr<const PackedWeight>>& parts)
{
    if (parts.empty() || !parts.front())
        return nullptr;
    auto out = std::make_shared<PackedWeight>();
    out->m_kind = parts.front()->m_kind;
    out->m_ggmlType = parts.front()->m_ggmlType;
    out->m_type = parts.front()->m_type;
    out->m_cols = parts.front()->m_cols;
    for (const auto& p : parts) {
        if (!p || p->m_type != out->m_type || p->m_cols != out->m_cols)
            return nullptr;
        out->m_rows += p->m_rows;
        out->m_scales.insert(out->m_scales.end(), p->m_scales.begin(), p->m_scales.end());
        out->m_quants.insert(out->m_quants.end(), p->m_quants.begin(), p->m_quants.end());
    }
    return out;
}

void PackedWeight::blockBytes(std::int64_t k, std::uint8_t* out) const
{
    const bool nibble = m_kind == Kind::Nibble;
    const std::uint16_t d = floatToFp16(m_scales[static_cast<std::size_t>(nibble ? 2 * k : k)]);
    std::memcpy(out, &d, 2);
    if (m_ggmlType == io::GgmlType::Q4_1) {
        const std::uint16_t m = floatToFp16(m_scales[static_cast<std::size_t>(2 * k + 1)]);
        std::memcpy(out + 2, &m, 2);
        std::memcpy(out + 4, &m_quants[static_cast<std::size_t>(k * 16)], 16);
    } else if (nibble) {
        std::memcpy(out + 2, &m_quants[static_cast<std::size_t>(k * 16)], 16);
    } else {
        std::memcpy(out + 2, &m_quants[static_cast<std::size_t>(k * kBlock)], kBlock);
    }
}

bool PackedWeight::roundsTo(const torch::Tensor& weight) const
{
    if (!weight.defined() || weight.scalar_type() != torch::kBFloat16 || !weight.device().is_cpu() || weight.dim() != 2 ||
        weight.size(0) != m_rows || weight.size(1) != m_cols)
        return false;
    const torch::Tensor w = weight.contiguous();
    const auto* bits = reinterpret_cast<const std::uint16_t*>(w.data_ptr());
    const std::int64_t nb = m_cols / kBlock;
    std::atomic<bool> ok{true};
    at::parallel_for(0, m_rows, 16, [&](std::int64_t r0, std::int64_t r1) {
        std::uint8_t block[40];
        float values[kBlock];
        for (std::int64_t r = r0; r < r1 && ok.load(std::memory_order_relaxed); ++r)
            for (std::int64_t b = 0; b < nb; ++b) {
                // The float32 values loading the file gives (the same dequantizer), then bfloat16.
                const std::int64_t k = r * nb + b;
                blockBytes(k, block);
                io::dequantize(m_ggmlType, block, values, kBlock);
                const std::uint16_t* target = bits + k * kBlock;
                for (int j = 0; j < kBlock; ++j)
                    if (floatToBf16(values[j]) != target[j]) {
                        ok = false;
                        return;
                    }
            }
    });
    return ok;
}

void PackedWeight::multiply(const float* x, std::int64_t m, float* y) const
{
    const std::int64_t nb = m_cols / kBlock;
    std::vector<float> sums;
    if (m_kind == Kind::Nibble) {
        sums.resize(static_cast<std::size_t>(m * nb));
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t b = 0; b < nb; ++b) {
                float s = 0.0f;
                for (int j = 0; j < kBlock; ++j)
                    s += x[i * m_cols + b * kBlock + j];
                sums[static_cast<std::size_t>(i * nb + b)] = s;
            }
    }
    const KernelArgs a{m_scales.data(), m_quants.data(), nullptr, m_rows, m_cols, x, sums.data(), m, y};
    runKernel(m_kind == Kind::Nibble ? Format::Nibble : Format::Byte, a);
}

namespace {
torch::Tensor packedOrDense(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot, bool floatOutput);
} // namespace

torch::Tensor decodeLinear(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot)
{
    return packedOrDense(x, weight, slot, false);
}

torch::Tensor decodeLogits(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot)
{
    return packedOrDense(x, weight, slot, true);
}

namespace {
torch::Tensor packedOrDense(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot, bool floatOutput)
{
    const std::int64_t limit = packedRowLimit();
    const std::int64_t in = x.size(-1);
    const std::int64_t m = in > 0 ? x.numel() / in : 0;
    const bool tracked = torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
    const auto dtype = weight.scalar_type();
    if (limit <= 0 || m == 0 || m > limit || tracked || !x.device().is_cpu() || !weight.device().is_cpu() ||
        weight.dim() != 2 || weight.size(1) != in || x.scalar_type() != dtype ||
        (dtype != torch::kFloat32 && dtype != torch::kBFloat16))
        return denseLinear(x, weight);

    if (!weight.is_contiguous()) {
        slot.route = "dense";
        return denseLinear(x, weight);
    }
    // Tensors made under torch::InferenceMode keep no version counter (and cannot be changed
    // outside it); the object, data pointer and shape still identify them.
    const std::uint32_t version = weight.is_inference() ? 0 : weight._version();
    const bool same = slot.source.lock().get() == weight.unsafeGetTensorImpl() && slot.data == weight.data_ptr() &&
                      slot.version == version && weight.sizes().equals(slot.sizes);
    if (!same) {
        torch::NoGradGuard noGrad;
        slot.source = c10::weak_intrusive_ptr<c10::TensorImpl>(weight.getIntrusivePtr());
        slot.data = weight.data_ptr();
        slot.version = version;
        slot.sizes = weight.sizes().vec();
        if (dtype == torch::kFloat32)
            slot.packed = PackedWeight::fromExact(weight);
        else
            slot.packed = slot.fileBlocks && slot.fileBlocks->roundsTo(weight) ? slot.fileBlocks : nullptr;
    }
    const std::shared_ptr<const PackedWeight> packed = slot.packed;
    if (packed) {
        slot.route = packed->typeName();
    } else if (dtype == torch::kBFloat16) {
        slot.route = "bfloat16";
    } else {
        slot.route = "dense";
        return denseLinear(x, weight);
    }

    std::vector<std::int64_t> shape = x.sizes().vec();
    shape.back() = weight.size(0);
    const torch::Tensor xf = x.to(torch::kFloat32).contiguous();
    torch::Tensor y = torch::empty({m, weight.size(0)}, xf.options());
    if (packed) {
        packed->multiply(xf.data_ptr<float>(), m, y.data_ptr<float>());
    } else {
        const KernelArgs a{nullptr, nullptr, reinterpret_cast<const std::uint16_t*>(weight.data_ptr()),
                           weight.size(0), in, xf.data_ptr<float>(), nullptr, m, y.data_ptr<float>()};
        runKernel(Format::Bf16, a);
    }
    return (floatOutput ? y : y.to(dtype)).view(shape);
}
} // namespace

std::int64_t packedRowLimit()
{
    return rowLimit().load();
}

void setPackedRowLimit(std::int64_t rows)
{
    rowLimit() = std::max<std::int64_t>(0, rows);
}

bool setPackedKernelIsa(const std::string& name)
{
    Isa wanted;
    if (name == "avx512")
        wanted = Isa::Avx512;
    else if (name == "avx2")
        wanted = Isa::Avx2;
    else if (name == "scalar")
        wanted = Isa::Scalar;
    else
        return false;
    if (static_cast<int>(wanted) > static_cast<int>(detectedIsa()))
        return false;
    chosenIsa() = static_cast<int>(wanted);
    return true;
}

std::string packedKernelIsa()
{
    switch (isa()) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    case Isa::Scalar: return "scalar";
    }
    return "scalar";
}

} // namespace persona::nn
