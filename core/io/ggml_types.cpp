#include "core/io/ggml_types.h"

#include <array>
#include <cassert>
#include <limits>

namespace persona::io {

namespace {

constexpr std::uint32_t kQK = 256; // QK_K: elements per K-quant super-block

constexpr std::array kTraits = {
    GgmlTypeTraits{GgmlType::F32, "F32", 1, 4},
    GgmlTypeTraits{GgmlType::F16, "F16", 1, 2},
    GgmlTypeTraits{GgmlType::Q4_0, "Q4_0", 32, 2 + 16},
    GgmlTypeTraits{GgmlType::Q4_1, "Q4_1", 32, 2 + 2 + 16},
    GgmlTypeTraits{GgmlType::Q5_0, "Q5_0", 32, 2 + 4 + 16},
    GgmlTypeTraits{GgmlType::Q5_1, "Q5_1", 32, 2 + 2 + 4 + 16},
    GgmlTypeTraits{GgmlType::Q8_0, "Q8_0", 32, 2 + 32},
    GgmlTypeTraits{GgmlType::Q8_1, "Q8_1", 32, 4 + 4 + 32},
    GgmlTypeTraits{GgmlType::Q2_K, "Q2_K", kQK, 2 + 2 + kQK / 16 + kQK / 4},
    GgmlTypeTraits{GgmlType::Q3_K, "Q3_K", kQK, 2 + kQK / 4 + kQK / 8 + 12},
    GgmlTypeTraits{GgmlType::Q4_K, "Q4_K", kQK, 2 + 2 + kQK / 2 + 12},
    GgmlTypeTraits{GgmlType::Q5_K, "Q5_K", kQK, 2 + 2 + kQK / 2 + kQK / 8 + 12},
    GgmlTypeTraits{GgmlType::Q6_K, "Q6_K", kQK, 2 + kQK / 2 + kQK / 4 + kQK / 16},
    GgmlTypeTraits{GgmlType::Q8_K, "Q8_K", kQK, 4 + kQK + kQK / 8},
    GgmlTypeTraits{GgmlType::IQ2_XXS, "IQ2_XXS", kQK, 2 + kQK / 4},
    GgmlTypeTraits{GgmlType::IQ2_XS, "IQ2_XS", kQK, 2 + kQK / 4 + kQK / 32},
    GgmlTypeTraits{GgmlType::IQ3_XXS, "IQ3_XXS", kQK, 2 + kQK / 4 + kQK / 8},
    GgmlTypeTraits{GgmlType::IQ1_S, "IQ1_S", kQK, 2 + kQK / 8 + kQK / 16},
    GgmlTypeTraits{GgmlType::IQ4_NL, "IQ4_NL", 32, 2 + 16},
    GgmlTypeTraits{GgmlType::IQ3_S, "IQ3_S", kQK, 2 + kQK / 4 + kQK / 8 + kQK / 32 + 4},
    GgmlTypeTraits{GgmlType::IQ2_S, "IQ2_S", kQK, 2 + kQK / 4 + kQK / 16},
    GgmlTypeTraits{GgmlType::IQ4_XS, "IQ4_XS", kQK, 2 + 2 + kQK / 2 + kQK / 64},
    GgmlTypeTraits{GgmlType::I8, "I8", 1, 1},
    GgmlTypeTraits{GgmlType::I16, "I16", 1, 2},
    GgmlTypeTraits{GgmlType::I32, "I32", 1, 4},
    GgmlTypeTraits{GgmlType::I64, "I64", 1, 8},
    GgmlTypeTraits{GgmlType::F64, "F64", 1, 8},
    GgmlTypeTraits{GgmlType::IQ1_M, "IQ1_M", kQK, kQK / 8 + kQK / 16 + kQK / 32},
    GgmlTypeTraits{GgmlType::BF16, "BF16", 1, 2},
    GgmlTypeTraits{GgmlType::TQ1_0, "TQ1_0", kQK, 2 + 4 * 13},
    GgmlTypeTraits{GgmlType::TQ2_0, "TQ2_0", kQK, 2 + 64},
    GgmlTypeTraits{GgmlType::MXFP4, "MXFP4", 32, 1 + 16},
};

} // namespace

const GgmlTypeTraits* ggmlTypeTraits(std::uint32_t id)
{
    for (const auto& t : kTraits) {
        if (static_cast<std::uint32_t>(t.type) == id)
            return &t;
    }
    return nullptr;
}

const GgmlTypeTraits& ggmlTypeTraits(GgmlType type)
{
    const GgmlTypeTraits* t = ggmlTypeTraits(static_cast<std::uint32_t>(type));
    assert(t && "every GgmlType enumerator has traits");
    return *t;
}

const char* ggmlTypeName(GgmlType type)
{
    return ggmlTypeTraits(type).name;
}

std::optional<GgmlType> ggmlTypeFromName(const std::string& name)
{
    for (const auto& t : kTraits) {
        if (name == t.name)
            return t.type;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> ggmlByteSize(GgmlType type, std::uint64_t numel)
{
    const GgmlTypeTraits& t = ggmlTypeTraits(type);
    if (numel % t.blockSize != 0)
        return std::nullopt;
    const std::uint64_t blocks = numel / t.blockSize;
    if (blocks > std::numeric_limits<std::uint64_t>::max() / t.typeSize)
        return std::nullopt;
    return blocks * t.typeSize;
}

} // namespace persona::io
