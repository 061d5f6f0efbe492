// Writes a file atomically: bytes go to a temporary file next to the target, which is flushed and
// renamed over the target on commit(), so readers never see a half-written file. Leaves out
// directory creation and locking.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace persona {

class AtomicFile {
public:
    // Creates "<path>.tmp-<pid>-<n>" in the target's folder. Throws IoError naming the file.
    explicit AtomicFile(const std::string& path);
    // Removes the temporary file when commit() was not reached (an exception, an early return).
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Throws IoError naming the target file (full disk, closed stream).
    void write(const void* data, std::size_t size);
    void writeZeros(std::size_t size);
    std::size_t written() const { return m_written; }
    // Flushes, syncs and renames over the target. Throws IoError; the target is then untouched.
    void commit();

private:
    std::string m_path;
    std::string m_tempPath;
    std::FILE* m_file = nullptr;
    std::size_t m_written = 0;
    bool m_committed = false;
};

// Convenience: the whole buffer in one atomic write.
void writeFileAtomically(const std::string& path, const void* data, std::size_t size);

} // namespace persona
