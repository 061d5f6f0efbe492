// GGUF v3 (or v2) writer for tests, tools and exported checkpoints: metadata of every value type,
// F32/F16/BF16 tensors from float32 and raw pre-quantized blocks. Leaves out quantizing.
#pragma once

#include "core/io/ggml_types.h"
#include "core/io/gguf_value.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace persona::io {

class GgufWriter {
public:
    explicit GgufWriter(std::uint32_t version = 3);

    // Sets (or replaces) a metadata value; keys keep their first insertion order.
    void set(const std::string& key, GgufValue value);
    void setString(const std::string& key, const std::string& value);
    void setUInt32(const std::string& key, std::uint32_t value);
    void setFloat32(const std::string& key, float value);
    void setBool(const std::string& key, bool value);
    // Sets general.alignment (a power of two); tensor data is padded to it.
    void setAlignment(std::uint32_t alignment);

    // shape is PyTorch order, outermost first ([rows, cols]); data [numel] row-major. Throws
    // ShapeError naming the tensor when data does not match the shape, ConfigError on a duplicate.
    void addTensorF32(const std::string& name, const std::vector<std::int64_t>& shape,
                      const std::vector<float>& data);
    void addTensorF16(const std::string& name, const std::vector<std::int64_t>& shape,
                      const std::vector<float>& data);
    void addTensorBF16(const std::string& name, const std::vector<std::int64_t>& shape,
                       const std::vector<float>& data);
    // Stores `bytes` as they are; their size must be ggmlByteSize(type, numel).
    void addTensorRaw(const std::string& name, const std::vector<std::int64_t>& shape, GgmlType type,
                      std::vector<std::uint8_t> bytes);

    // The whole file in memory (tests corrupt it byte by byte).
    std::vector<std::uint8_t> serialize() const;
    // Writes atomically (temporary file + rename). Throws IoError naming the file.
    void write(const std::string& path) const;

private:
    struct Tensor {
        std::string name;
        std::vector<std::int64_t> shape;
        GgmlType type;
        std::vector<std::uint8_t> bytes;
    };
    std::uint32_t m_version;
    std::uint32_t m_alignment = 32;
    std::vector<std::pair<std::string, GgufValue>> m_kv;
    std::vector<Tensor> m_tensors;
};

} // namespace persona::io
