#include "core/common/file_checks.h"

#include "core/common/error.h"

#include <cerrno>
#include <cstring>

#include <sys/stat.h>

namespace persona {

void requireRegularFile(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw IoError(path + ": cannot open for reading (" + std::strerror(errno) + ")");
    if (S_ISREG(st.st_mode))
        return;
    const char* kind = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                    : "not a regular file";
    throw IoError(path + ": is " + std::string(kind) + ", not a regular file; give a file to read");
}

} // namespace persona
