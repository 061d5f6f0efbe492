// Decoding-speed linear layers: a float32 weight that was dequantized from a GGUF block type
// (Q4_0, Q4_1 or Q8_0, as SmolLM2's files ship) is re-expressed in that compact type, bit for bit,
// and multiplied by a few input rows without expanding it to float32 again, so a decoding step reads
// 0.6 or 1.1 bytes per weight instead of 4. bfloat16 weights are multiplied as they are (2 bytes),
// with float32 sums. Leaves out quantizing weights that were not quantized (no precision is ever
// given up: a weight that no block type reproduces exactly stays on the dense path) and the GPU.
#pragma once

#include "core/io/ggml_types.h"

#include <torch/types.h>

#include <c10/util/intrusive_ptr.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona::nn {

class PackedWeight {
public:
    enum class Kind { Nibble, Byte };

    // Tries Q4_0, Q4_1 and Q8_0 on a float32 CPU weight [rows, cols] (cols a multiple of 32):
    // the first block type whose dequantized values (io::dequantize) equal every element of the
    // weight bit for bit. nullptr when none does.
    static std::shared_ptr<const PackedWeight> fromExact(const torch::Tensor& weight);

    // The rows of `parts` one under another (the fused q/k/v or gate/up weight); nullptr when a part
    // is missing or the parts differ in type or columns.
    static std::shared_ptr<const PackedWeight> stackRows(const std::vector<std::shared_ptr<const PackedWeight>>& parts);

    // Whether `weight` (bfloat16 [rows, cols] on the CPU) is exactly these blocks' values rounded
    // to bfloat16 (what loading the file in bfloat16 gives).
    bool roundsTo(const torch::Tensor& weight) const;

    // y [m, rows] = x [m, cols] . W^T, x and y float32 row-major, using at::parallel_for's threads.
    void multiply(const float* x, std::int64_t m, float* y) const;

    Kind kind() const { return m_kind; }
    // "Q4_1", "Q4_0" or "Q8_0": the block type the weight was found to be.
    const std::string& typeName() const { return m_type; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t cols() const { return m_cols; }
    std::int64_t bytes() const;

private:
    // Block k as ggml stores it (its fp16 scales are exact in m_scales), for io::dequantize.
    void blockBytes(std::int64_t k, std::uint8_t* out) const;

    Kind m_kind = Kind::Nibble;
    io::GgmlType m_ggmlType = io::GgmlType::Q4_1;
    std::string m_type;
    std::int64_t m_rows = 0;
    std::int64_t m_cols = 0;
    // Per block: Nibble (d, m) with value = q * d + m, q in 0..15; Byte (d) with value = q * d.
    std::vector<float> m_scales;
    // Nibble: 16 bytes a block (element j in the low nibble of byte j, element j + 16 in its high
    // nibble, as ggml); Byte: 32 signed bytes a block.
    std::vector<std::uint8_t> m_quants;
};

// What a module remembers about one weight between decoding steps: the packed form of the weight
// it was built from, valid while that very tensor (same object, data pointer, version and shape)
// is what the module multiplies by. A weight that changes (full fine-tuning, a reload, to())
// is looked at again; one that is not exactly a block type is remembered as such.
struct PackedSlot {
    c10::weak_intrusive_ptr<c10::TensorImpl> source{c10::weak_intrusive_ptr<c10::TensorImpl>(
        c10::intrusive_ptr<c10::TensorImpl>())};
    const void* data = nullptr;
    std::uint32_t version = 0;
    std::vector<std::int64_t> sizes;
    std::shared_ptr<const PackedWeight> packed; // null: dense path
    // For a bfloat16 weight: the blocks of the file it was loaded from (set at load time), used in
    // its place while the weight is exactly their bfloat16 rounding: the decoding steps of a
    // bfloat16 model then read 0.6 bytes a weight and compute with the file's own values.
    std::shared_ptr<const PackedWeight> fileBlocks;
    // How the last product of at most packedRowLimit() rows was computed: "Q4_1", "Q4_0", "Q8_0",
    // "bfloat16" or "dense"; empty before the first.
    std::string route;
};

// x [..., in] . weight [out, in]^T -> [..., out], like denseLinear (no bias). On the CPU, for at
// most packedRowLimit() rows of x and with no gradient to track, a float32 weight that is exactly a
// block type is multiplied in that type; a bfloat16 weight by its file blocks (slot.fileBlocks)
// when it is their rounding, else by the bfloat16 kernel; everything else goes to denseLinear.
torch::Tensor decodeLinear(const torch::Tensor& x, const torch::Tensor& weight, PackedSlot& slot);

// The largest number of rows (batch x new tokens) sent to the packed kernels (default 8: on the
// 2-core AMD EPYC of docs/benchmarks.md they beat BLAS up to 8 rows and lose at 16). 0 turns them
// off, for comparisons and benchmarks; the environment variable PERSONA_PACKED_ROWS sets the
// starting value.
std::int64_t packedRowLimit();
void setPackedRowLimit(std::int64_t rows);

// The instruction set the packed kernels use: "avx512", "avx2" or "scalar" (the best this CPU has
// unless lowered). setPackedKernelIsa lowers it, for tests of every kernel on one machine; false
// (and no change) for a name this CPU cannot run or does not know.
std::string packedKernelIsa();
bool setPackedKernelIsa(const std::string& name);

} // namespace persona::nn
