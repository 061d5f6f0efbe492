// Read-only memory map of a whole file (RAII). Leaves out writing and partial maps: readers map the
// file once and check every offset against size() before touching data().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace persona {

class MappedFile {
public:
    // Maps `path` read-only. Throws IoError naming the file when it cannot be opened, stat'ed or
    // mapped. An empty file gives size() == 0 and data() == nullptr (nothing is mapped).
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;

    const std::string& path() const { return m_path; }
    std::uint64_t size() const { return m_size; }
    const std::uint8_t* data() const { return m_data; }

private:
    void release();

    std::string m_path;
    const std::uint8_t* m_data = nullptr;
    std::uint64_t m_size = 0;
};

} // namespace persona
