// A whole file's bytes in memory, read-only (RAII). Leaves out writing and partial reads: readers
// open the file once and check every offset against size() before touching data(). Files up to
// kCopyLimit bytes (every default model and dataset) are copied into memory when opened, so another
// process truncating or rewriting the file later cannot hurt this one. Larger files are
// memory-mapped, and the mapping is guarded: when another program truncates the file, reading the
// lost pages would raise SIGBUS; a process-wide handler maps zero pages over the rest of the range
// instead and marks the file changed, and readers wrap their reads in guard(), which turns that
// mark into an IoError naming the file (docs/reliability.md). A SIGBUS anywhere else keeps its
// usual meaning (the handler passes it on).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

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

    // True once a read of a mapped file met pages the file no longer has (another program
    // truncated it after it was opened); those pages read as zeros. Always false for a copy.
    bool changed() const;
    // Runs read(), then throws IoError naming the file if the file changed meanwhile (also when
    // read() threw: whatever it made of the zeros is not the file's fault). Returns read()'s value.
    template <class Read>
    auto guard(Read&& read) const
    {
        try {
            if constexpr (std::is_void_v<decltype(read())>) {
                read();
                throwIfChanged();
            } else {
                auto value = read();
                throwIfChanged();
                return value;
            }
        } catch (...) {
            throwIfChanged();
            throw;
        }
    }
    void throwIfChanged() const;

    // Guarded mappings open at once (a further large file is copied instead).
    static constexpr int kGuardSlots = 64;

private:
    void release();

    std::string m_path;
    const std::uint8_t* m_data = nullptr;
    std::uint64_t m_size = 0;
    bool m_mapped = false;                  // else m_data points into m_copy
    int m_slot = -1;                        // its guard slot when mapped
    std::unique_ptr<std::uint8_t[]> m_copy;
};

} // namespace persona
