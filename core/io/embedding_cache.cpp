#include "core/io/embedding_cache.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/mapped_file.h"

#include <cstring>
#include <filesystem>

namespace persona::io {
namespace {

constexpr char kMagic[4] = {'P', 'I', 'E', 'C'};
constexpr std::uint32_t kVersion = 1;

template <typename T>
void append(std::vector<std::uint8_t>& out, const T& v)
{
    // resize + memcpy rather than insert(end, p, p + n): GCC 12 warns on the inlined insert
    // (-Wstringop-overflow, a false positive on the empty vector's first growth).
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &v, sizeof(T));
}

} // namespace

ItemEmbeddingCache::ItemEmbeddingCache(std::string dir, std::string encoderKey, std::int64_t dim) : m_dim(dim)
{
    if (dim <= 0)
        throw ConfigError("ItemEmbeddingCache: dimension must be positive, got " + std::to_string(dim));
    if (!dir.empty()) {
        std::filesystem::create_directories(dir);
        m_path = (std::filesystem::path(dir) / ("items-" + encoderKey + ".bin")).string();
        if (std::filesystem::exists(m_path))
            read();
    }
}

void ItemEmbeddingCache::read()
{
    const MappedFile file(m_path);
    file.guard([&] { readFrom(file); }); // a file truncated meanwhile: IoError
}

void ItemEmbeddingCache::readFrom(const MappedFile& file)
{
    const std::uint8_t* p = file.data();
    const std::uint64_t size = file.size();
    const std::uint64_t headerSize = 4 + 4 + 4 + 8;
    if (size < headerSize || std::memcmp(p, kMagic, 4) != 0)
        throw FormatError(atOffset(m_path, 0, "not an item-embedding cache (bad magic or too short)"));
    std::uint32_t version, dim;
    std::uint64_t count;
    std::memcpy(&version, p + 4, 4);
    std::memcpy(&dim, p + 8, 4);
    std::memcpy(&count, p + 12, 8);
    if (version != kVersion)
        throw FormatError(atOffset(m_path, 4, "unsupported cache version " + std::to_string(version)));
    if (dim != static_cast<std::uint64_t>(m_dim))
        throw FormatError(atOffset(m_path, 8, "cache dimension " + std::to_string(dim) + " differs from the encoder's " +
                                                  std::to_string(m_dim)));
    const std::uint64_t recordMin = 4 + dim * 4ull;
    if (count > (size - headerSize) / recordMin)
        throw FormatError(atOffset(m_path, 12, "record count " + std::to_string(count) + " does not fit the file"));
    std::uint64_t off = headerSize;
    m_data.reserve(count * dim);
    for (std::uint64_t r = 0; r < count; ++r) {
        if (off + 4 > size)
            throw FormatError(atOffset(m_path, off, "truncated record " + std::to_string(r)));
        std::uint32_t len;
        std::memcpy(&len, p + off, 4);
        off += 4;
        if (len > size - off || dim * 4ull > size - off - len)
            throw FormatError(atOffset(m_path, off, "record " + std::to_string(r) + " runs past the end of the file"));
        std::string text(reinterpret_cast<const char*>(p + off), len);
        off += len;
        const std::size_t row = m_texts.size();
        m_data.resize(m_data.size() + dim);
        std::memcpy(m_data.data() + row * dim, p + off, dim * 4ull);
        off += dim * 4ull;
        m_index.emplace(text, row);
        m_texts.push_back(std::move(text));
    }
    if (off != size)
        throw FormatError(atOffset(m_path, off, "trailing bytes after the last record"));
}

bool ItemEmbeddingCache::find(const std::string& text, float* out) const
{
    const auto it = m_index.find(text);
    if (it == m_index.end())
        return false;
    std::memcpy(out, m_data.data() + it->second * m_dim, static_cast<std::size_t>(m_dim) * sizeof(float));
    return true;
}

void ItemEmbeddingCache::insert(const std::string& text, const float* vec)
{
    if (m_index.count(text))
        return;
    const std::size_t row = m_texts.size();
    m_data.insert(m_data.end(), vec, vec + m_dim);
    m_index.emplace(text, row);
    m_texts.push_back(text);
    m_dirty = true;
}

void ItemEmbeddingCache::flush()
{
    if (!m_dirty || m_path.empty())
        return;
    std::vector<std::uint8_t> out;
    out.insert(out.end(), kMagic, kMagic + 4);
    append(out, kVersion);
    append(out, static_cast<std::uint32_t>(m_dim));
    append(out, static_cast<std::uint64_t>(m_texts.size()));
    for (std::size_t r = 0; r < m_texts.size(); ++r) {
        append(out, static_cast<std::uint32_t>(m_texts[r].size()));
        out.insert(out.end(), m_texts[r].begin(), m_texts[r].end());
        const auto* v = reinterpret_cast<const std::uint8_t*>(m_data.data() + r * m_dim);
        out.insert(out.end(), v, v + m_dim * sizeof(float));
    }
    writeFileAtomically(m_path, out.data(), out.size());
    m_dirty = false;
}

} // namespace persona::io
