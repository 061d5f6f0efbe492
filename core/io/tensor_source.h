// A read-only set of named tensors from one model file or folder (GGUF, safetensors), dequantized on
// demand to float32. Implementations validate every offset against the file before reading.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona::io {

struct TensorInfo {
    std::string name;
    // PyTorch order, outermost first. GGUF stores ne[0] innermost; readers reverse it so a GGUF
    // "token_embd.weight" of ne = {576, 49152} has shape {49152, 576} here.
    std::vector<std::int64_t> shape;
    std::string dtype;          // "F32", "F16", "BF16", "Q8_0", "Q4_1", "Q6_K", ... as the format names it
    std::uint64_t offset = 0;   // absolute byte offset of the data in its file
    std::uint64_t nbytes = 0;   // stored size in bytes
    std::int64_t numel() const;
};

class TensorSource {
public:
    virtual ~TensorSource() = default;
    // The file (or folder) this source reads; used in every error message.
    virtual const std::string& path() const = 0;
    virtual const std::vector<TensorInfo>& tensors() const = 0;
    virtual bool has(const std::string& name) const = 0;
    // Throws FormatError naming the file and the tensor when absent.
    virtual const TensorInfo& info(const std::string& name) const = 0;
    // Dequantizes to float32, row-major in info(name).shape. Throws FormatError naming the file, the
    // tensor and the type when the type is unsupported, or when the data lies outside the file.
    virtual std::vector<float> readF32(const std::string& name) const = 0;
};

} // namespace persona::io
