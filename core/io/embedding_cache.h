// The on-disk cache of item sentence embeddings (cache/item-embeddings/items-KEY.bin): a header
// ("PIEC", version, dimension, record count), then records of (text length, text, float[dim]).
// Read whole and checked against the file size when opened; rewritten atomically by flush().
// Leaves out computing embeddings (methods/item_encoder.h).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona {
class MappedFile;
}

namespace persona::io {

// Sentence embeddings by text for one encoder. The file "<dir>/items-<encoderKey>.bin" holds
// records (text, float[dim]); it is read when the cache opens and rewritten atomically by flush().
// An empty dir keeps the cache in memory only.
class ItemEmbeddingCache {
public:
    // Throws FormatError naming the file (and offset) when an existing cache file is malformed or
    // was written for another dimension.
    ItemEmbeddingCache(std::string dir, std::string encoderKey, std::int64_t dim);

    // Copies the cached vector into out[dim] and returns true, or returns false.
    bool find(const std::string& text, float* out) const;
    void insert(const std::string& text, const float* vec);
    // Writes the file when something was inserted since the last flush. Throws IoError.
    void flush();

    std::size_t size() const { return m_index.size(); }
    std::int64_t dim() const { return m_dim; }
    const std::string& path() const { return m_path; }

private:
    void read();
    void readFrom(const MappedFile& file);

    std::string m_path;
    std::int64_t m_dim;
    std::vector<float> m_data;                          // [size, dim]
    std::vector<std::string> m_texts;
    std::unordered_map<std::string, std::size_t> m_index; // text -> row
    bool m_dirty = false;
};

} // namespace persona::io
