#include "core/common/mapped_file.h"

#include "core/common/error.h"
#include "core/common/file_checks.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace persona {

namespace {

std::string systemError(const std::string& path, const char* what)
{
    return path + ": " + what + ": " + std::strerror(errno);
}

// The mapped ranges the SIGBUS handler may repair: [begin, end) page-rounded, begin 0 when free.
// Lock-free, since the handler reads them.
struct GuardSlot {
    std::atomic<bool> used{false};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    std::atomic<bool> changed{false};
};
GuardSlot g_slots[MappedFile::kGuardSlots];
struct sigaction g_previous {};
std::uintptr_t g_pageSize = 4096;
std::once_flag g_installOnce;

// A read met a page past the end of a truncated file. In one of our ranges: map zero pages from
// that page to the range's end (the read then goes on and sees zeros) and mark the file changed.
// Elsewhere: whatever handled SIGBUS before us, or the default action (the process ends, as it
// would have without this handler). Only async-signal-safe calls here.
void onSigbus(int signal, siginfo_t* info, void* context)
{
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    if (info->si_code > 0) { // a fault, not a kill()
        for (auto& slot : g_slots) {
            const std::uintptr_t begin = slot.begin.load();
            const std::uintptr_t end = slot.end.load();
            if (begin == 0 || addr < begin || addr >= end)
                continue;
            const std::uintptr_t from = addr & ~(g_pageSize - 1);
            void* p = ::mmap(reinterpret_cast<void*>(from), end - from, PROT_READ,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (p != MAP_FAILED) {
                slot.changed.store(true);
                return;
            }
            break;
        }
    }
    if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(signal, info, context);
        return;
    }
    if ((g_previous.sa_flags & SA_SIGINFO) == 0 && g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
        return;
    }
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGBUS, &dfl, nullptr);
    if (info->si_code <= 0)
        ::raise(SIGBUS); // delivered when the handler returns
    // A fault: the access repeats on return and the default action ends the process.
}

void installSigbusHandler()
{
    std::call_once(g_installOnce, [] {
        const long page = ::sysconf(_SC_PAGESIZE);
        if (page > 0)
            g_pageSize = static_cast<std::uintptr_t>(page);
        struct sigaction action {};
        action.sa_sigaction = onSigbus;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        ::sigemptyset(&action.sa_mask);
        ::sigaction(SIGBUS, &action, &g_previous);
    });
}

// A free slot, marked used (its range set once the file is mapped); -1 when all are taken.
int claimSlot()
{
    for (int i = 0; i < MappedFile::kGuardSlots; ++i) {
        bool expected = false;
        if (g_slots[i].used.compare_exchange_strong(expected, true)) {
            g_slots[i].changed.store(false);
            return i;
        }
    }
    return -1;
}

void releaseSlot(int i)
{
    g_slots[i].begin.store(0);
    g_slots[i].end.store(0);
    g_slots[i].changed.store(false);
    g_slots[i].used.store(false);
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
    if (m_size > kCopyLimit) {
        installSigbusHandler();
        m_slot = claimSlot();
    }
    if (m_size > 0 && m_slot < 0) {
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
            releaseSlot(std::exchange(m_slot, -1));
            throw IoError(message);
        }
        m_data = static_cast<const std::uint8_t*>(p);
        m_mapped = true;
        const auto begin = reinterpret_cast<std::uintptr_t>(p);
        const auto length = (static_cast<std::uintptr_t>(m_size) + g_pageSize - 1) & ~(g_pageSize - 1);
        g_slots[m_slot].end.store(begin + length);
        g_slots[m_slot].begin.store(begin);
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
      m_size(std::exchange(other.m_size, 0)), m_mapped(std::exchange(other.m_mapped, false)),
      m_slot(std::exchange(other.m_slot, -1)), m_copy(std::move(other.m_copy))
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
        m_slot = std::exchange(other.m_slot, -1);
        m_copy = std::move(other.m_copy);
    }
    return *this;
}

bool MappedFile::changed() const
{
    return m_slot >= 0 && g_slots[m_slot].changed.load();
}

void MappedFile::throwIfChanged() const
{
    if (changed())
        throw IoError(m_path + ": the file changed while it was read (another program truncated or rewrote it); "
                               "nothing read from it was kept: open it again");
}

void MappedFile::release()
{
    if (m_slot >= 0)
        releaseSlot(std::exchange(m_slot, -1)); // before the range goes: nothing reads it now
    if (m_data && m_mapped)
        ::munmap(const_cast<std::uint8_t*>(m_data), static_cast<std::size_t>(m_size));
    m_copy.reset();
    m_data = nullptr;
    m_size = 0;
    m_mapped = false;
}

} // namespace persona
