#include "core/common/error.h"

namespace persona {

const char* errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Format: return "format";
    case ErrorKind::Io: return "io";
    case ErrorKind::Shape: return "shape";
    case ErrorKind::Config: return "config";
    case ErrorKind::Store: return "store";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Runtime: return "runtime";
    }
    return "unknown";
}

std::string atOffset(const std::string& file, std::uint64_t offset, const std::string& what)
{
    return file + ": " + what + " (at byte offset " + std::to_string(offset) + ")";
}

} // namespace persona
