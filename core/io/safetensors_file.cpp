#include "core/io/safetensors_file.h"

#include "core/common/error.h"
#include "core/common/half.h"
#include "core/common/mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <unordered_map>

namespace persona::io {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// The safetensors library refuses headers above 100 MB; so do we, before reading one.
constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

// Bytes per element of each dtype the format defines; 0 for an unknown name.
std::uint64_t dtypeSize(const std::string& dtype)
{
    static const std::unordered_map<std::string, std::uint64_t> kSizes = {
        {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2},
        {"F16", 2}, {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8},
    };
    auto it = kSizes.find(dtype);
    return it == kSizes.end() ? 0 : it->second;
}

class SafetensorsFile : public TensorSource {
public:
    explicit SafetensorsFile(const std::string& path) : m_path(path), m_file(path)
    {
        m_file.guard([this] { parse(); }); // a file truncated meanwhile: IoError
    }

    const std::string& path() const override { return m_path; }
    const std::vector<TensorInfo>& tensors() const override { return m_tensors; }
    bool has(const std::string& name) const override { return m_index.count(name) != 0; }

    const TensorInfo& info(const std::string& name) const override
    {
        auto it = m_index.find(name);
        if (it == m_index.end())
            throw FormatError(m_path + ": no tensor named '" + name + "'");
        return m_tensors[it->second];
    }

    std::vector<float> readF32(const std::string& name) const override
    {
        return m_file.guard([&] { return convert(name); });
    }

private:
    std::vector<float> convert(const std::string& name) const
    {
        const TensorInfo& t = info(name);
        const std::uint8_t* p = m_file.data() + t.offset;
        const auto n = static_cast<std::size_t>(t.numel());
        std::vector<float> out(n);
        if (t.dtype == "F32") {
            if (n > 0)
                std::memcpy(out.data(), p, n * 4);
        } else if (t.dtype == "F16" || t.dtype == "BF16") {
            const bool half = t.dtype == "F16";
            for (std::size_t i = 0; i < n; ++i) {
                std::uint16_t h;
                std::memcpy(&h, p + 2 * i, 2);
                out[i] = half ? fp16ToFloat(h) : bf16ToFloat(h);
            }
        } else if (t.dtype == "F64") {
            for (std::size_t i = 0; i < n; ++i) {
                double v;
                std::memcpy(&v, p + 8 * i, 8);
                out[i] = static_cast<float>(v);
            }
        } else {
            throw FormatError(m_path + ": tensor '" + name + "' has dtype " + t.dtype
                              + ", which this reader cannot convert to float32 (F32, F16, BF16, F64)");
        }
        return out;
    }

    [[noreturn]] void fail(std::uint64_t offset, const std::string& what) const
    {
        throw FormatError(atOffset(m_path, offset, what));
    }

    void parse();
    TensorInfo parseEntry(const std::string& name, const Json& entry, std::uint64_t dataStart,
                          std::uint64_t dataSize) const;

    std::string m_path;
    MappedFile m_file;
    std::vector<TensorInfo> m_tensors;
    std::unordered_map<std::string, std::size_t> m_index;
};

void SafetensorsFile::parse()
{
    const std::uint64_t size = m_file.size();
    if (size < 8)
        fail(0, "file of " + std::to_string(size) + " bytes is too short for a safetensors header length");
    std::uint64_t headerLen;
    std::memcpy(&headerLen, m_file.data(), 8);
    if (headerLen > size - 8)
        fail(0, "header length " + std::to_string(headerLen) + " is larger than the file ("
                    + std::to_string(size) + " bytes)");
    if (headerLen > kMaxHeaderBytes)
        fail(0, "header length " + std::to_string(headerLen) + " exceeds the 100 MB limit");
    const auto* begin = reinterpret_cast<const char*>(m_file.data() + 8);
    const Json header = Json::parse(begin, begin + headerLen, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded())
        fail(8, "header is not valid JSON");
    if (!header.is_object())
        fail(8, "header is not a JSON object");

    const std::uint64_t dataStart = 8 + headerLen;
    const std::uint64_t dataSize = size - dataStart;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            continue;
        m_index.emplace(name, m_tensors.size());
        m_tensors.push_back(parseEntry(name, entry, dataStart, dataSize));
    }

    // No two tensors may share bytes.
    std::vector<const TensorInfo*> sorted;
    for (const auto& t : m_tensors) {
        if (t.nbytes > 0) // an empty tensor may sit at any offset, even inside another
            sorted.push_back(&t);
    }
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        const TensorInfo* prev = sorted[i - 1];
        if (sorted[i]->offset < prev->offset + prev->nbytes)
            fail(sorted[i]->offset, "tensor '" + sorted[i]->name + "' overlaps tensor '" + prev->name + "'");
    }
}

TensorInfo SafetensorsFile::parseEntry(const std::string& name, const Json& entry,
                                       std::uint64_t dataStart, std::uint64_t dataSize) const
{
    const std::string where = "tensor '" + name + "': ";
    if (!entry.is_object())
        fail(8, where + "header entry is not an object");
    const auto dtypeIt = entry.find("dtype");
    const auto shapeIt = entry.find("shape");
    const auto offsetsIt = entry.find("data_offsets");
    if (dtypeIt == entry.end() || !dtypeIt->is_string())
        fail(8, where + "missing or non-string \"dtype\"");
    if (shapeIt == entry.end() || !shapeIt->is_array())
        fail(8, where + "missing or non-array \"shape\"");
    if (offsetsIt == entry.end() || !offsetsIt->is_array() || offsetsIt->size() != 2
        || !(*offsetsIt)[0].is_number_unsigned() || !(*offsetsIt)[1].is_number_unsigned())
        fail(8, where + "\"data_offsets\" must be two non-negative integers");

    TensorInfo t;
    t.name = name;
    t.dtype = dtypeIt->get<std::string>();
    const std::uint64_t elementSize = dtypeSize(t.dtype);
    if (elementSize == 0)
        fail(8, where + "unknown dtype '" + t.dtype + "'");
    std::uint64_t numel = 1;
    for (const auto& d : *shapeIt) {
        if (!d.is_number_unsigned())
            fail(8, where + "shape entries must be non-negative integers");
        const auto dim = d.get<std::uint64_t>();
        if (dim > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
            || (dim != 0 && numel > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / elementSize / dim))
            fail(8, where + "shape has more elements than fit in 64 bits");
        numel *= dim;
        t.shape.push_back(static_cast<std::int64_t>(dim));
    }
    const auto begin = (*offsetsIt)[0].get<std::uint64_t>();
    const auto end = (*offsetsIt)[1].get<std::uint64_t>();
    if (begin > end || end > dataSize)
        fail(dataStart + std::min(begin, dataSize),
             where + "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end)
                 + "] lie outside the " + std::to_string(dataSize) + "-byte data section");
    if (end - begin != numel * elementSize)
        fail(dataStart + begin, where + "data_offsets span " + std::to_string(end - begin) + " bytes but "
                                    + t.dtype + " shape needs " + std::to_string(numel * elementSize));
    t.offset = dataStart + begin;
    t.nbytes = end - begin;
    return t;
}

// A Hugging Face sharded checkpoint: model.safetensors.index.json maps each tensor to a shard file.
class ShardedSafetensors : public TensorSource {
public:
    explicit ShardedSafetensors(const std::string& indexPath);

    const std::string& path() const override { return m_path; }
    const std::vector<TensorInfo>& tensors() const override { return m_tensors; }
    bool has(const std::string& name) const override { return m_owner.count(name) != 0; }
    const TensorInfo& info(const std::string& name) const override { return shardOf(name).info(name); }
    std::vector<float> readF32(const std::string& name) const override { return shardOf(name).readF32(name); }

private:
    const TensorSource& shardOf(const std::string& name) const
    {
        auto it = m_owner.find(name);
        if (it == m_owner.end())
            throw FormatError(m_path + ": no tensor named '" + name + "'");
        return *m_shards[it->second];
    }

    std::string m_path;
    std::vector<std::unique_ptr<SafetensorsFile>> m_shards;
    std::unordered_map<std::string, std::size_t> m_owner; // tensor name -> shard index
    std::vector<TensorInfo> m_tensors;
};

ShardedSafetensors::ShardedSafetensors(const std::string& indexPath) : m_path(indexPath)
{
    const MappedFile file(indexPath);
    const auto* begin = reinterpret_cast<const char*>(file.data());
    const Json index = Json::parse(begin, begin + file.size(), nullptr, /*allow_exceptions=*/false);
    if (index.is_discarded() || !index.is_object())
        throw FormatError(indexPath + ": not a valid JSON object");
    const auto mapIt = index.find("weight_map");
    if (mapIt == index.end() || !mapIt->is_object())
        throw FormatError(indexPath + ": missing \"weight_map\" object");
    const fs::path folder = fs::path(indexPath).parent_path();
    std::unordered_map<std::string, std::size_t> shardIndex;
    for (const auto& [name, shardName] : mapIt->items()) {
        if (!shardName.is_string())
            throw FormatError(indexPath + ": tensor '" + name + "': shard name is not a string");
        const auto shard = shardName.get<std::string>();
        // Shards live next to the index; a name that climbs out of the folder is refused.
        if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos
            || shard == "." || shard == "..")
            throw FormatError(indexPath + ": tensor '" + name + "': invalid shard file name '" + shard + "'");
        auto it = shardIndex.find(shard);
        if (it == shardIndex.end()) {
            it = shardIndex.emplace(shard, m_shards.size()).first;
            m_shards.push_back(std::make_unique<SafetensorsFile>((folder / shard).string()));
        }
        const SafetensorsFile& shardFile = *m_shards[it->second];
        if (!shardFile.has(name))
            throw FormatError(indexPath + ": tensor '" + name + "' is mapped to " + shardFile.path()
                              + ", which does not contain it");
        m_owner.emplace(name, it->second);
        m_tensors.push_back(shardFile.info(name));
    }
}

} // namespace

std::unique_ptr<TensorSource> openSafetensors(const std::string& fileOrFolder)
{
    std::error_code ec;
    if (fs::is_directory(fileOrFolder, ec)) {
        const fs::path folder(fileOrFolder);
        const fs::path index = folder / "model.safetensors.index.json";
        if (fs::exists(index, ec))
            return std::make_unique<ShardedSafetensors>(index.string());
        const fs::path single = folder / "model.safetensors";
        if (fs::exists(single, ec))
            return std::make_unique<SafetensorsFile>(single.string());
        throw IoError(fileOrFolder + ": folder has neither model.safetensors nor model.safetensors.index.json");
    }
    if (fileOrFolder.size() >= 11 && fileOrFolder.ends_with(".index.json"))
        return std::make_unique<ShardedSafetensors>(fileOrFolder);
    return std::make_unique<SafetensorsFile>(fileOrFolder);
}

} // namespace persona::io
