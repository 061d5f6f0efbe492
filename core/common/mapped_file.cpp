#include "core/common/mapped_file.h"

#include "core/common/error.h"
#include "core/common/file_checks.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace persona {

namespace {

std::string systemError(const std::string& path, const char* what)
{
    return path + ": " + what + ": " + std::strerror(errno);
}

} // namespace

MappedFile::MappedFile(const std::string& path) : m_path(path)
{
    requireRegularFile(path); // before open(): opening a FIFO waits for a writer
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw IoError(systemError(path, "cannot open file"));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string message = systemError(path, "cannot stat file");
        ::close(fd);
        throw IoError(message);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw IoError(path + ": not a regular file");
    }
    m_size = static_cast<std::uint64_t>(st.st_size);
    if (m_size > 0 && m_size <= kCopyLimit) {
        m_copy.reset(new std::uint8_t[static_cast<std::size_t>(m_size)]);
        std::uint64_t done = 0;
        while (done < m_size) {
            const ssize_t n = ::pread(fd, m_copy.get() + done, static_cast<std::size_t>(m_size - done), static_cast<off_t>(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const std::string message = n < 0 ? systemError(path, "cannot read file")
                                                  : path + ": the file shrank while it was read (" + std::to_string(done) +
                                                        " of " + std::to_string(m_size) + " bytes); another program changed it";
                ::close(fd);
                m_copy.reset();
                m_size = 0;
                throw IoError(message);
            }
            done += static_cast<std::uint64_t>(n);
        }
        m_data = m_copy.get();
    } else if (m_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(m_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const std::string message = systemError(path, "cannot map file");
            ::close(fd);
            throw IoError(message);
        }
        m_data = static_cast<const std::uint8_t*>(p);
        m_mapped = true;
    }
    // The mapping keeps its own reference to the file; the descriptor is no longer needed.
    ::close(fd);
}

MappedFile::~MappedFile()
{
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)), m_mapped(std::exchange(other.m_mapped, false)), m_copy(std::move(other.m_copy))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_path = std::move(other.m_path);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_mapped = std::exchange(other.m_mapped, false);
        m_copy = std::move(other.m_copy);
    }
    return *this;
}

void MappedFile::release()
{
    if (m_data && m_mapped)
        ::munmap(const_cast<std::uint8_t*>(m_data), static_cast<std::size_t>(m_size));
    m_copy.reset();
    m_data = nullptr;
    m_size = 0;
    m_mapped = false;
}

} // namespace persona
