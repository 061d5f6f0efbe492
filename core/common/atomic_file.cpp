#include "core/common/atomic_file.h"

#include "core/common/crash_point.h"
#include "core/common/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace persona {

namespace {

std::atomic<unsigned> g_counter{0};

std::string errnoText()
{
    return std::strerror(errno);
}

} // namespace

AtomicFile::AtomicFile(const std::string& path)
    : m_path(path),
      m_tempPath(path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter++))
{
    m_file = std::fopen(m_tempPath.c_str(), "wb");
    if (!m_file)
        throw IoError(m_path + ": cannot create temporary file " + m_tempPath + ": " + errnoText());
}

AtomicFile::~AtomicFile()
{
    if (m_file)
        std::fclose(m_file);
    if (!m_committed)
        std::remove(m_tempPath.c_str());
}

void AtomicFile::write(const void* data, std::size_t size)
{
    if (!m_file)
        throw IoError(m_path + ": write after commit");
    if (size > 0 && std::fwrite(data, 1, size, m_file) != size)
        throw IoError(m_path + ": cannot write " + std::to_string(size) + " bytes: " + errnoText());
    m_written += size;
}

void AtomicFile::writeZeros(std::size_t size)
{
    static const char kZeros[256] = {};
    while (size > 0) {
        const std::size_t n = size < sizeof kZeros ? size : sizeof kZeros;
        write(kZeros, n);
        size -= n;
    }
}

void AtomicFile::commit()
{
    if (!m_file)
        throw IoError(m_path + ": committed twice");
    const bool ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    const std::string err = ok ? std::string() : errnoText();
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (!ok || !closed)
        throw IoError(m_path + ": cannot flush temporary file: " + (ok ? errnoText() : err));
    crashPoint("file-rename"); // the new bytes are on disk under the temporary name only
    if (std::rename(m_tempPath.c_str(), m_path.c_str()) != 0)
        throw IoError(m_path + ": cannot rename temporary file into place: " + errnoText());
    m_committed = true;
}

void writeFileAtomically(const std::string& path, const void* data, std::size_t size)
{
    AtomicFile f(path);
    f.write(data, size);
    f.commit();
}

} // namespace persona
