#include "core/common/error.h"
#include "core/common/enum_names.h"

#include <algorithm>

namespace persona {

namespace {
constexpr EnumName<ErrorKind> kErrorKindNames[] = {
    {ErrorKind::Format, "format"}, {ErrorKind::Io, "io"},           {ErrorKind::Shape, "shape"},
    {ErrorKind::Config, "config"}, {ErrorKind::Store, "store"},     {ErrorKind::Cancelled, "cancelled"},
    {ErrorKind::Runtime, "runtime"}};
} // namespace

const char* errorKindName(ErrorKind kind)
{
    return enumName(kErrorKindNames, kind);
}

std::string printableMessage(const std::string& message, std::size_t maxBytes)
{
    std::string out;
    out.reserve(std::min(message.size(), maxBytes) + 16);
    static const char* hex = "0123456789abcdef";
    std::size_t i = 0;
    for (; i < message.size() && out.size() < maxBytes; ++i) {
        const auto c = static_cast<unsigned char>(message[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (i < message.size()) {
        // Do not end inside a UTF-8 sequence.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
            out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
            out.pop_back();
        out += "... (" + std::to_string(message.size() - i) + " more bytes left out)";
    }
    return out;
}

std::string atOffset(const std::string& file, std::uint64_t offset, const std::string& what)
{
    return file + ": " + what + " (at byte offset " + std::to_string(offset) + ")";
}

} // namespace persona
