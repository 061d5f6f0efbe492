#include "core/io/gguf_file.h"

#include "core/common/error.h"
#include "core/common/mapped_file.h"
#include "core/io/dequantize.h"
#include "core/io/ggml_types.h"
#include "core/io/gguf_value.h"

#include <cstring>
#include <limits>
#include <unordered_map>
#include <utility>

namespace persona::io {

namespace {

constexpr std::uint32_t kGgufMagic = 0x46554747; // "GGUF" read as a little-endian uint32
constexpr std::uint64_t kDefaultAlignment = 32;
constexpr std::uint32_t kMaxDims = 4;
constexpr int kMaxArrayNesting = 8;

// Bounds-checked little-endian reads over the mapped header. Every read checks the remaining bytes
// first, so a truncated or lying file fails with the offset where it went wrong.
class Cursor {
public:
    Cursor(const std::string& path, const std::uint8_t* data, std::uint64_t size)
        : m_path(path), m_data(data), m_size(size) {}

    std::uint64_t pos() const { return m_pos; }
    std::uint64_t remaining() const { return m_size - m_pos; }
    [[noreturn]] void fail(const std::string& what, std::uint64_t at) const
    {
        throw FormatError(atOffset(m_path, at, what));
    }
    [[noreturn]] void fail(const std::string& what) const { fail(what, m_pos); }

    void need(std::uint64_t n, const char* what) const
    {
        if (n > remaining())
            fail(std::string("file ends inside ") + what + " (needs " + std::to_string(n)
                 + " bytes, " + std::to_string(remaining()) + " left)");
    }

    template <typename T>
    T read(const char* what)
    {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }

    std::string readString(const char* what)
    {
        const std::uint64_t at = m_pos;
        const auto len = read<std::uint64_t>(what);
        if (len > remaining())
            fail(std::string(what) + " length " + std::to_string(len) + " runs past the end of the file",
                 at);
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), static_cast<std::size_t>(len));
        m_pos += len;
        return s;
    }

private:
    const std::string& m_path;
    const std::uint8_t* m_data;
    std::uint64_t m_size;
    std::uint64_t m_pos = 0;
};

// Smallest number of bytes one value of `type` can take on disk; used to reject absurd array counts
// before reserving memory for them.
std::uint64_t minEncodedSize(GgufValueType type)
{
    if (type == GgufValueType::String)
        return 8;
    if (type == GgufValueType::Array)
        return 4 + 8;
    return ggufScalarSize(type);
}

GgufValue readValue(Cursor& c, GgufValueType type, const std::string& key, int depth)
{
    GgufValue v;
    v.type = type;
    switch (type) {
    case GgufValueType::UInt8: v.bits = c.read<std::uint8_t>("a uint8 value"); break;
    case GgufValueType::Int8: v.bits = static_cast<std::uint64_t>(std::int64_t{c.read<std::int8_t>("an int8 value")}); break;
    case GgufValueType::UInt16: v.bits = c.read<std::uint16_t>("a uint16 value"); break;
    case GgufValueType::Int16: v.bits = static_cast<std::uint64_t>(std::int64_t{c.read<std::int16_t>("an int16 value")}); break;
    case GgufValueType::UInt32: v.bits = c.read<std::uint32_t>("a uint32 value"); break;
    case GgufValueType::Int32: v.bits = static_cast<std::uint64_t>(std::int64_t{c.read<std::int32_t>("an int32 value")}); break;
    case GgufValueType::UInt64: v.bits = c.read<std::uint64_t>("a uint64 value"); break;
    case GgufValueType::Int64: v.bits = static_cast<std::uint64_t>(c.read<std::int64_t>("an int64 value")); break;
    case GgufValueType::Float32: v.real = c.read<float>("a float32 value"); break;
    case GgufValueType::Float64: v.real = c.read<double>("a float64 value"); break;
    case GgufValueType::Bool: {
        const std::uint64_t at = c.pos();
        const auto b = c.read<std::uint8_t>("a bool value");
        if (b > 1)
            c.fail("metadata '" + key + "': bool value " + std::to_string(b) + " is neither 0 nor 1", at);
        v.bits = b;
        break;
    }
    case GgufValueType::String: v.text = c.readString("a string value"); break;
    case GgufValueType::Array: {
        if (depth >= kMaxArrayNesting)
            c.fail("metadata '" + key + "': arrays nested deeper than " + std::to_string(kMaxArrayNesting));
        const std::uint64_t at = c.pos();
        const auto elementId = c.read<std::uint32_t>("an array element type");
        if (!isValidGgufValueType(elementId))
            c.fail("metadata '" + key + "': unknown array element type " + std::to_string(elementId), at);
        v.elementType = static_cast<GgufValueType>(elementId);
        const std::uint64_t countAt = c.pos();
        const auto count = c.read<std::uint64_t>("an array length");
        const std::uint64_t minSize = minEncodedSize(v.elementType);
        if (count > c.remaining() / minSize)
            c.fail("metadata '" + key + "': array of " + std::to_string(count) + " "
                       + ggufValueTypeName(v.elementType) + " values cannot fit in the "
                       + std::to_string(c.remaining()) + " bytes left",
                   countAt);
        v.items.reserve(static_cast<std::size_t>(count));
        for (std::uint64_t i = 0; i < count; ++i)
            v.items.push_back(readValue(c, v.elementType, key, depth + 1));
        break;
    }
    }
    return v;
}

} // namespace

struct GgufFile::Impl {
    std::string path;
    MappedFile file;
    std::uint32_t version = 0;
    std::uint64_t alignment = kDefaultAlignment;
    std::uint64_t dataStart = 0;
    std::vector<std::pair<std::string, GgufValue>> kv;
    std::unordered_map<std::string, std::size_t> kvIndex;
    std::vector<TensorInfo> tensors;
    std::vector<GgmlType> types;
    std::unordered_map<std::string, std::size_t> tensorIndex;

    explicit Impl(const std::string& p) : path(p), file(p) {}
    void parse();
    const GgufValue* find(const std::string& key) const
    {
        auto it = kvIndex.find(key);
        return it == kvIndex.end() ? nullptr : &kv[it->second].second;
    }
    [[noreturn]] void wrongType(const std::string& key, const GgufValue& v, const char* expected) const
    {
        std::string held = ggufValueTypeName(v.type);
        if (v.type == GgufValueType::Array)
            held += std::string(" of ") + ggufValueTypeName(v.elementType);
        throw FormatError(path + ": metadata key '" + key + "' holds " + held + ", expected " + expected);
    }
};

void GgufFile::Impl::parse()
{
    Cursor c(path, file.data(), file.size());
    const auto magic = c.read<std::uint32_t>("the magic number");
    if (magic != kGgufMagic)
        c.fail("not a GGUF file (bad magic)", 0);
    version = c.read<std::uint32_t>("the version");
    if (version == 0x02000000u || version == 0x03000000u)
        c.fail("big-endian GGUF files are not supported", 4);
    if (version != 2 && version != 3)
        c.fail("unsupported GGUF version " + std::to_string(version) + " (supported: 2, 3)", 4);
    const auto tensorCount = c.read<std::uint64_t>("the tensor count");
    const auto kvCount = c.read<std::uint64_t>("the metadata count");
    // A tensor info takes at least 24 bytes (name length, n_dims, type, offset), a key/value 13.
    if (tensorCount > c.remaining() / 24)
        c.fail("tensor count " + std::to_string(tensorCount) + " cannot fit in the file", 8);
    if (kvCount > c.remaining() / 13)
        c.fail("metadata count " + std::to_string(kvCount) + " cannot fit in the file", 16);

    kv.reserve(static_cast<std::size_t>(kvCount));
    for (std::uint64_t i = 0; i < kvCount; ++i) {
        const std::uint64_t at = c.pos();
        std::string key = c.readString("a metadata key");
        const std::uint64_t typeAt = c.pos();
        const auto typeId = c.read<std::uint32_t>("a metadata value type");
        if (!isValidGgufValueType(typeId))
            c.fail("metadata '" + key + "': unknown value type " + std::to_string(typeId), typeAt);
        if (kvIndex.count(key))
            c.fail("duplicate metadata key '" + key + "'", at);
        GgufValue v = readValue(c, static_cast<GgufValueType>(typeId), key, 0);
        kvIndex.emplace(key, kv.size());
        kv.emplace_back(std::move(key), std::move(v));
    }

    if (const GgufValue* a = find("general.alignment")) {
        if (a->type != GgufValueType::UInt32)
            wrongType("general.alignment", *a, "uint32");
        if (a->bits == 0 || (a->bits & (a->bits - 1)) != 0)
            throw FormatError(path + ": general.alignment " + std::to_string(a->bits)
                              + " is not a power of two");
        alignment = a->bits;
    }

    tensors.reserve(static_cast<std::size_t>(tensorCount));
    types.reserve(static_cast<std::size_t>(tensorCount));
    std::vector<std::uint64_t> infoOffsets;
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        const std::uint64_t at = c.pos();
        infoOffsets.push_back(at);
        TensorInfo t;
        t.name = c.readString("a tensor name");
        if (tensorIndex.count(t.name))
            c.fail("duplicate tensor name '" + t.name + "'", at);
        const std::uint64_t dimsAt = c.pos();
        const auto nDims = c.read<std::uint32_t>("a tensor's dimension count");
        if (nDims > kMaxDims)
            c.fail("tensor '" + t.name + "' has " + std::to_string(nDims) + " dimensions (at most "
                       + std::to_string(kMaxDims) + ")",
                   dimsAt);
        std::vector<std::int64_t> ne(nDims);
        std::uint64_t numel = 1;
        for (std::uint32_t d = 0; d < nDims; ++d) {
            const std::uint64_t neAt = c.pos();
            ne[d] = c.read<std::int64_t>("a tensor dimension");
            if (ne[d] < 0)
                c.fail("tensor '" + t.name + "' has negative dimension " + std::to_string(ne[d]), neAt);
            if (ne[d] != 0 && numel > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / static_cast<std::uint64_t>(ne[d]))
                c.fail("tensor '" + t.name + "' has more elements than fit in 64 bits", neAt);
            numel *= static_cast<std::uint64_t>(ne[d]);
        }
        const std::uint64_t typeAt = c.pos();
        const auto typeId = c.read<std::uint32_t>("a tensor type");
        const GgmlTypeTraits* traits = ggmlTypeTraits(typeId);
        if (!traits)
            c.fail("tensor '" + t.name + "' has unknown type id " + std::to_string(typeId), typeAt);
        if (nDims > 0 && ne[0] % traits->blockSize != 0)
            c.fail("tensor '" + t.name + "' of type " + traits->name + ": row length "
                       + std::to_string(ne[0]) + " is not a multiple of the block size "
                       + std::to_string(traits->blockSize),
                   dimsAt);
        const auto nbytes = ggmlByteSize(traits->type, numel);
        if (!nbytes)
            c.fail("tensor '" + t.name + "' of type " + traits->name + " has a size that does not fit",
                   dimsAt);
        const std::uint64_t offAt = c.pos();
        t.offset = c.read<std::uint64_t>("a tensor data offset"); // relative until the data start is known
        if (t.offset % alignment != 0)
            c.fail("tensor '" + t.name + "' data offset " + std::to_string(t.offset)
                       + " is not a multiple of the alignment " + std::to_string(alignment),
                   offAt);
        t.nbytes = *nbytes;
        t.dtype = traits->name;
        t.shape.assign(ne.rbegin(), ne.rend());
        tensorIndex.emplace(t.name, tensors.size());
        tensors.push_back(std::move(t));
        types.push_back(traits->type);
    }

    // The data section starts at the next multiple of the alignment after the tensor infos.
    const std::uint64_t headerEnd = c.pos();
    dataStart = (headerEnd + alignment - 1) / alignment * alignment;
    if (!tensors.empty() && dataStart > file.size())
        c.fail("data section start " + std::to_string(dataStart) + " is past the end of the file",
               headerEnd);
    const std::uint64_t dataSize = file.size() - std::min(dataStart, file.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        TensorInfo& t = tensors[i];
        if (t.offset > dataSize || t.nbytes > dataSize - t.offset)
            throw FormatError(atOffset(path, infoOffsets[i],
                                       "tensor '" + t.name + "' data (offset " + std::to_string(t.offset)
                                           + ", " + std::to_string(t.nbytes) + " bytes) lies outside the "
                                           + std::to_string(dataSize) + "-byte data section"));
        t.offset += dataStart;
    }
}

GgufFile::GgufFile() = default;
GgufFile::~GgufFile() = default;

std::unique_ptr<GgufFile> GgufFile::open(const std::string& path)
{
    std::unique_ptr<GgufFile> f(new GgufFile());
    f->m_impl = std::make_unique<Impl>(path);
    f->m_impl->file.guard([&] { f->m_impl->parse(); }); // a file truncated meanwhile: IoError
    return f;
}

std::uint32_t GgufFile::version() const { return m_impl->version; }
std::uint64_t GgufFile::alignment() const { return m_impl->alignment; }
const std::string& GgufFile::path() const { return m_impl->path; }
const std::vector<TensorInfo>& GgufFile::tensors() const { return m_impl->tensors; }

std::vector<std::string> GgufFile::keys() const
{
    std::vector<std::string> out;
    out.reserve(m_impl->kv.size());
    for (const auto& [k, v] : m_impl->kv)
        out.push_back(k);
    return out;
}

bool GgufFile::hasKey(const std::string& key) const { return m_impl->find(key) != nullptr; }
const GgufValue* GgufFile::value(const std::string& key) const { return m_impl->find(key); }

std::optional<std::string> GgufFile::getString(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return std::nullopt;
    if (v->type != GgufValueType::String)
        m_impl->wrongType(key, *v, "string");
    return v->text;
}

std::optional<std::int64_t> GgufFile::getInt(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return std::nullopt;
    if (!isIntegerType(v->type))
        m_impl->wrongType(key, *v, "an integer");
    if (v->type == GgufValueType::UInt64 && v->bits > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw FormatError(m_impl->path + ": metadata key '" + key + "' value " + std::to_string(v->bits)
                          + " does not fit in int64");
    return v->asInt64();
}

std::optional<double> GgufFile::getFloat(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return std::nullopt;
    if (!isFloatType(v->type))
        m_impl->wrongType(key, *v, "a float");
    return v->real;
}

std::optional<bool> GgufFile::getBool(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return std::nullopt;
    if (v->type != GgufValueType::Bool)
        m_impl->wrongType(key, *v, "bool");
    return v->bits != 0;
}

std::vector<std::string> GgufFile::getStringArray(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return {};
    if (v->type != GgufValueType::Array || v->elementType != GgufValueType::String)
        m_impl->wrongType(key, *v, "array of string");
    std::vector<std::string> out;
    out.reserve(v->items.size());
    for (const auto& item : v->items)
        out.push_back(item.text);
    return out;
}

std::vector<std::int64_t> GgufFile::getIntArray(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return {};
    if (v->type != GgufValueType::Array || !isIntegerType(v->elementType))
        m_impl->wrongType(key, *v, "array of integers");
    std::vector<std::int64_t> out;
    out.reserve(v->items.size());
    for (const auto& item : v->items)
        out.push_back(item.asInt64());
    return out;
}

std::vector<double> GgufFile::getFloatArray(const std::string& key) const
{
    const GgufValue* v = m_impl->find(key);
    if (!v)
        return {};
    if (v->type != GgufValueType::Array || !isFloatType(v->elementType))
        m_impl->wrongType(key, *v, "array of floats");
    std::vector<double> out;
    out.reserve(v->items.size());
    for (const auto& item : v->items)
        out.push_back(item.real);
    return out;
}

bool GgufFile::has(const std::string& name) const
{
    return m_impl->tensorIndex.count(name) != 0;
}

const TensorInfo& GgufFile::info(const std::string& name) const
{
    auto it = m_impl->tensorIndex.find(name);
    if (it == m_impl->tensorIndex.end())
        throw FormatError(m_impl->path + ": no tensor named '" + name + "'");
    return m_impl->tensors[it->second];
}

std::vector<float> GgufFile::readF32(const std::string& name) const
{
    const TensorInfo& t = info(name);
    const GgmlType type = m_impl->types[m_impl->tensorIndex.at(name)];
    if (!canDequantize(type))
        throw FormatError(m_impl->path + ": tensor '" + name + "' has type " + ggmlTypeName(type)
                          + ", which this reader cannot convert to float32");
    // Offsets were checked against the file size in parse(); a file truncated since is an IoError.
    std::vector<float> out(static_cast<std::size_t>(t.numel()));
    m_impl->file.guard([&] { dequantize(type, m_impl->file.data() + t.offset, out.data(), t.numel()); });
    return out;
}

} // namespace persona::io
