// A whole file's bytes in memory, read-only (RAII). Leaves out writing and partial reads: readers
// open the file once and check every offset against size() before touching data(). Files up to
// kCopyLimit bytes (every default model and dataset) are copied into memory when opened, so another
// process truncating or rewriting the file later cannot hurt this one; larger files are
// memory-mapped, and a truncation while they are read ends the process with SIGBUS
// (docs/reliability.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace persona {

class MappedFile {
public:
    static constexpr std::uint64_t kCopyLimit = std::uint64_t{1} << 30;

    // Reads (or maps) `path`. Throws IoError naming the file when it is not a regular file, cannot
    // be opened, stat'ed, read or mapped, or shrinks while it is read. An empty file gives
    // size() == 0 and data() == nullptr.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    const std::string& path() const { return m_path; }
    std::uint64_t size() const { return m_size; }
    const std::uint8_t* data() const { return m_data; }
    bool isMapped() const { return m_mapped; }

private:
    void release();

    std::string m_path;
    const std::uint8_t* m_data = nullptr;
    std::uint64_t m_size = 0;
    bool m_mapped = false;                  // else m_data points into m_copy
    std::unique_ptr<std::uint8_t[]> m_copy;
};

} // namespace persona
