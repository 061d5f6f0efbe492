#include "core/io/safetensors_writer.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/half.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace persona::io {

void SafetensorsWriter::add(const std::string& name, const std::vector<std::int64_t>& shape,
                            const std::vector<float>& data, const std::string& dtype)
{
    std::uint64_t numel = 1;
    for (auto d : shape)
        numel *= static_cast<std::uint64_t>(d < 0 ? 0 : d);
    if (numel != data.size())
        throw ShapeError("SafetensorsWriter: tensor '" + name + "' has shape of " + std::to_string(numel)
                         + " elements but " + std::to_string(data.size()) + " values");
    add(name, shape, data.data(), dtype);
}

void SafetensorsWriter::add(const std::string& name, const std::vector<std::int64_t>& shape,
                            const float* data, const std::string& dtype)
{
    if (name == "__metadata__" || name.empty())
        throw ConfigError("SafetensorsWriter: invalid tensor name '" + name + "'");
    for (const auto& t : m_tensors) {
        if (t.name == name)
            throw ConfigError("SafetensorsWriter: duplicate tensor '" + name + "'");
    }
    std::uint64_t numel = 1;
    for (auto d : shape) {
        if (d < 0)
            throw ShapeError("SafetensorsWriter: tensor '" + name + "' has a negative dimension");
        numel *= static_cast<std::uint64_t>(d);
    }
    Tensor t{name, shape, dtype, {}};
    const auto n = static_cast<std::size_t>(numel);
    if (dtype == "F32") {
        t.bytes.resize(n * 4);
        if (n > 0)
            std::memcpy(t.bytes.data(), data, n * 4);
    } else if (dtype == "F16" || dtype == "BF16") {
        t.bytes.resize(n * 2);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint16_t h = dtype == "F16" ? floatToFp16(data[i]) : floatToBf16(data[i]);
            std::memcpy(t.bytes.data() + 2 * i, &h, 2);
        }
    } else {
        throw ConfigError("SafetensorsWriter: tensor '" + name + "': dtype '" + dtype
                          + "' (supported: F32, F16, BF16)");
    }
    m_tensors.push_back(std::move(t));
}

void SafetensorsWriter::setMetadata(const std::string& key, const std::string& value)
{
    m_metadata[key] = value;
}

std::string SafetensorsWriter::headerJson() const
{
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!m_metadata.empty())
        header["__metadata__"] = m_metadata;
    std::uint64_t offset = 0;
    for (const auto& t : m_tensors) {
        header[t.name] = {{"dtype", t.dtype},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    std::string text = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
    text.append((8 - text.size() % 8) % 8, ' ');
    return text;
}

std::vector<std::uint8_t> SafetensorsWriter::serialize() const
{
    const std::string header = headerJson();
    std::size_t total = 8 + header.size();
    for (const auto& t : m_tensors)
        total += t.bytes.size();
    std::vector<std::uint8_t> out(total);
    const std::uint64_t len = header.size();
    std::memcpy(out.data(), &len, 8);
    std::memcpy(out.data() + 8, header.data(), header.size());
    std::size_t at = 8 + header.size();
    for (const auto& t : m_tensors) {
        if (!t.bytes.empty())
            std::memcpy(out.data() + at, t.bytes.data(), t.bytes.size());
        at += t.bytes.size();
    }
    return out;
}

void SafetensorsWriter::write(const std::string& path) const
{
    const std::string header = headerJson();
    const std::uint64_t len = header.size();
    AtomicFile file(path);
    file.write(&len, 8);
    file.write(header.data(), header.size());
    for (const auto& t : m_tensors)
        file.write(t.bytes.data(), t.bytes.size());
    file.commit();
}

} // namespace persona::io
