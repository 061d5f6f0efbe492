// GGUF (v2, v3) reader: header, metadata key/values, tensor infos, alignment and memory-mapped
// tensor data, dequantized to float32 on request. Writing GGUF is in gguf_writer.h (tests, tools).
#pragma once

#include "core/io/gguf_value.h"
#include "core/io/tensor_source.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace persona::io {

class GgufFile : public TensorSource {
public:
    // Opens and validates `path` (magic, version, counts, string lengths, tensor offsets and sizes
    // against the file size) before mapping anything. Throws IoError when the file cannot be read,
    // FormatError naming the file and the byte offset for anything malformed.
    static std::unique_ptr<GgufFile> open(const std::string& path);
    ~GgufFile() override;

    std::uint32_t version() const;
    std::uint64_t alignment() const;
    std::vector<std::string> keys() const;
    bool hasKey(const std::string& key) const;

    // Typed metadata access: std::nullopt when the key is absent; FormatError (naming file and key)
    // when present with another type. getInt accepts every integer type, getFloat both float types.
    std::optional<std::string> getString(const std::string& key) const;
    std::optional<std::int64_t> getInt(const std::string& key) const;
    std::optional<double> getFloat(const std::string& key) const;
    std::optional<bool> getBool(const std::string& key) const;
    // Arrays: empty when absent; FormatError when the key holds something else.
    std::vector<std::string> getStringArray(const std::string& key) const;
    std::vector<std::int64_t> getIntArray(const std::string& key) const;
    std::vector<double> getFloatArray(const std::string& key) const;
    // The raw value with its on-disk type (for inspectors); nullptr when absent. Owned by the file.
    const GgufValue* value(const std::string& key) const;

    const std::string& path() const override;
    const std::vector<TensorInfo>& tensors() const override;
    bool has(const std::string& name) const override;
    const TensorInfo& info(const std::string& name) const override;
    std::vector<float> readF32(const std::string& name) const override;

private:
    GgufFile();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace persona::io
