#include "core/io/gguf_writer.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/half.h"

#include <cstring>

namespace persona::io {

namespace {

class Buffer {
public:
    std::vector<std::uint8_t> bytes;

    template <typename T>
    void put(T v)
    {
        const auto at = bytes.size();
        bytes.resize(at + sizeof(T));
        std::memcpy(bytes.data() + at, &v, sizeof(T));
    }
    void putString(const std::string& s)
    {
        put<std::uint64_t>(s.size());
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    void padTo(std::uint64_t alignment)
    {
        bytes.resize((bytes.size() + alignment - 1) / alignment * alignment, 0);
    }
};

void putValue(Buffer& b, const GgufValue& v)
{
    switch (v.type) {
    case GgufValueType::UInt8: b.put(static_cast<std::uint8_t>(v.bits)); break;
    case GgufValueType::Int8: b.put(static_cast<std::int8_t>(v.asInt64())); break;
    case GgufValueType::UInt16: b.put(static_cast<std::uint16_t>(v.bits)); break;
    case GgufValueType::Int16: b.put(static_cast<std::int16_t>(v.asInt64())); break;
    case GgufValueType::UInt32: b.put(static_cast<std::uint32_t>(v.bits)); break;
    case GgufValueType::Int32: b.put(static_cast<std::int32_t>(v.asInt64())); break;
    case GgufValueType::UInt64: b.put(v.bits); break;
    case GgufValueType::Int64: b.put(v.asInt64()); break;
    case GgufValueType::Float32: b.put(static_cast<float>(v.real)); break;
    case GgufValueType::Float64: b.put(v.real); break;
    case GgufValueType::Bool: b.put(static_cast<std::uint8_t>(v.bits ? 1 : 0)); break;
    case GgufValueType::String: b.putString(v.text); break;
    case GgufValueType::Array:
        b.put(static_cast<std::uint32_t>(v.elementType));
        b.put(static_cast<std::uint64_t>(v.items.size()));
        for (const auto& item : v.items)
            putValue(b, item);
        break;
    }
}

std::uint64_t numelOf(const std::string& name, const std::vector<std::int64_t>& shape)
{
    std::uint64_t n = 1;
    for (auto d : shape) {
        if (d < 0)
            throw ShapeError("GgufWriter: tensor '" + name + "' has a negative dimension");
        n *= static_cast<std::uint64_t>(d);
    }
    return n;
}

void checkData(const std::string& name, const std::vector<std::int64_t>& shape, std::size_t size)
{
    if (shape.size() > 4)
        throw ShapeError("GgufWriter: tensor '" + name + "' has " + std::to_string(shape.size())
                         + " dimensions, GGUF allows 4");
    const std::uint64_t n = numelOf(name, shape);
    if (n != size)
        throw ShapeError("GgufWriter: tensor '" + name + "' has shape of " + std::to_string(n)
                         + " elements but " + std::to_string(size) + " values");
}

} // namespace

GgufWriter::GgufWriter(std::uint32_t version) : m_version(version)
{
    if (version != 2 && version != 3)
        throw ConfigError("GgufWriter: version " + std::to_string(version) + " (supported: 2, 3)");
}

void GgufWriter::set(const std::string& key, GgufValue value)
{
    for (auto& [k, v] : m_kv) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    m_kv.emplace_back(key, std::move(value));
}

void GgufWriter::setString(const std::string& key, const std::string& value)
{
    set(key, GgufValue::ofString(value));
}

void GgufWriter::setUInt32(const std::string& key, std::uint32_t value)
{
    set(key, GgufValue::ofInteger(GgufValueType::UInt32, value));
}

void GgufWriter::setFloat32(const std::string& key, float value)
{
    set(key, GgufValue::ofFloat32(value));
}

void GgufWriter::setBool(const std::string& key, bool value)
{
    set(key, GgufValue::ofBool(value));
}

void GgufWriter::setAlignment(std::uint32_t alignment)
{
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        throw ConfigError("GgufWriter: alignment " + std::to_string(alignment) + " is not a power of two");
    m_alignment = alignment;
    setUInt32("general.alignment", alignment);
}

void GgufWriter::addTensorF32(const std::string& name, const std::vector<std::int64_t>& shape,
                              const std::vector<float>& data)
{
    checkData(name, shape, data.size());
    std::vector<std::uint8_t> bytes(data.size() * 4);
    std::memcpy(bytes.data(), data.data(), bytes.size());
    addTensorRaw(name, shape, GgmlType::F32, std::move(bytes));
}

void GgufWriter::addTensorF16(const std::string& name, const std::vector<std::int64_t>& shape,
                              const std::vector<float>& data)
{
    checkData(name, shape, data.size());
    std::vector<std::uint8_t> bytes(data.size() * 2);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::uint16_t h = floatToFp16(data[i]);
        std::memcpy(bytes.data() + 2 * i, &h, 2);
    }
    addTensorRaw(name, shape, GgmlType::F16, std::move(bytes));
}

void GgufWriter::addTensorBF16(const std::string& name, const std::vector<std::int64_t>& shape,
                               const std::vector<float>& data)
{
    checkData(name, shape, data.size());
    std::vector<std::uint8_t> bytes(data.size() * 2);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::uint16_t h = floatToBf16(data[i]);
        std::memcpy(bytes.data() + 2 * i, &h, 2);
    }
    addTensorRaw(name, shape, GgmlType::BF16, std::move(bytes));
}

void GgufWriter::addTensorRaw(const std::string& name, const std::vector<std::int64_t>& shape,
                              GgmlType type, std::vector<std::uint8_t> bytes)
{
    for (const auto& t : m_tensors) {
        if (t.name == name)
            throw ConfigError("GgufWriter: duplicate tensor '" + name + "'");
    }
    if (shape.size() > 4)
        throw ShapeError("GgufWriter: tensor '" + name + "' has " + std::to_string(shape.size())
                         + " dimensions, GGUF allows 4");
    const auto expected = ggmlByteSize(type, numelOf(name, shape));
    if (!shape.empty() && shape.back() % ggmlTypeTraits(type).blockSize != 0)
        throw ShapeError("GgufWriter: tensor '" + name + "' row length " + std::to_string(shape.back())
                         + " is not a multiple of the " + ggmlTypeName(type) + " block size");
    if (!expected || *expected != bytes.size())
        throw ShapeError("GgufWriter: tensor '" + name + "' of type " + ggmlTypeName(type) + " needs "
                         + (expected ? std::to_string(*expected) : std::string("?")) + " bytes, got "
                         + std::to_string(bytes.size()));
    m_tensors.push_back({name, shape, type, std::move(bytes)});
}

std::vector<std::uint8_t> GgufWriter::serialize() const
{
    Buffer b;
    b.put<std::uint32_t>(0x46554747); // "GGUF"
    b.put<std::uint32_t>(m_version);
    b.put<std::uint64_t>(m_tensors.size());
    b.put<std::uint64_t>(m_kv.size());
    for (const auto& [key, value] : m_kv) {
        b.putString(key);
        b.put(static_cast<std::uint32_t>(value.type));
        putValue(b, value);
    }
    std::uint64_t offset = 0;
    for (const auto& t : m_tensors) {
        b.putString(t.name);
        b.put(static_cast<std::uint32_t>(t.shape.size()));
        for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) // ne[0] is the innermost
            b.put<std::int64_t>(*it);
        b.put(static_cast<std::uint32_t>(t.type));
        b.put<std::uint64_t>(offset);
        offset += (t.bytes.size() + m_alignment - 1) / m_alignment * m_alignment;
    }
    b.padTo(m_alignment);
    for (const auto& t : m_tensors) {
        b.bytes.insert(b.bytes.end(), t.bytes.begin(), t.bytes.end());
        b.padTo(m_alignment);
    }
    return std::move(b.bytes);
}

void GgufWriter::write(const std::string& path) const
{
    const std::vector<std::uint8_t> bytes = serialize();
    writeFileAtomically(path, bytes.data(), bytes.size());
}

} // namespace persona::io
