// safetensors writer for tests, tools and checkpoints: float32 data stored as F32, F16 or BF16,
// optional string metadata (__metadata__), written atomically (temporary file + rename). Leaves out
// sharding and integer dtypes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace persona::io {

class SafetensorsWriter {
public:
    // shape is PyTorch order; data [numel] row-major; dtype "F32", "F16" or "BF16". The data is
    // copied (converted) at once. Throws ShapeError naming the tensor when sizes disagree,
    // ConfigError on a duplicate name, "__metadata__" or another dtype.
    void add(const std::string& name, const std::vector<std::int64_t>& shape, const std::vector<float>& data,
             const std::string& dtype = "F32");
    void add(const std::string& name, const std::vector<std::int64_t>& shape, const float* data,
             const std::string& dtype = "F32");
    void setMetadata(const std::string& key, const std::string& value);

    // The whole file in memory (tests corrupt it).
    std::vector<std::uint8_t> serialize() const;
    // Throws IoError naming the file; an existing file is replaced only once the new one is complete.
    void write(const std::string& path) const;

private:
    struct Tensor {
        std::string name;
        std::vector<std::int64_t> shape;
        std::string dtype;
        std::vector<std::uint8_t> bytes;
    };
    std::string headerJson() const;

    std::vector<Tensor> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

} // namespace persona::io
