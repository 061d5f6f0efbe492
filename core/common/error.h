// The core's typed errors: every failure that reaches a user is one of these, with a message that
// names the file and the place. Leaves out logging (log.h) and the API's result type (api/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace persona {

enum class ErrorKind { Format, Io, Shape, Config, Store, Cancelled, Runtime };

const char* errorKindName(ErrorKind kind);

// A message made safe to print: control bytes other than newline and tab (NUL included, which would
// cut a C string short) become \xNN, and past maxBytes the rest is replaced by a note of how much
// was left out, so a 100 KB value echoed from a user's file stays readable. UTF-8 passes through.
std::string printableMessage(const std::string& message, std::size_t maxBytes = 4096);

// Base of the hierarchy. what() is the full, user-facing message.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(printableMessage(message)), m_kind(kind) {}
    ErrorKind kind() const { return m_kind; }

private:
    ErrorKind m_kind;
};

// A file whose bytes do not follow its format (bad magic, offsets outside the file, bad JSON...).
class FormatError : public Error {
public:
    explicit FormatError(const std::string& message) : Error(ErrorKind::Format, message) {}
};

// The operating system refused: missing file, permission, full disk.
class IoError : public Error {
public:
    explicit IoError(const std::string& message) : Error(ErrorKind::Io, message) {}
};

// A tensor or array whose shape is not the one expected.
class ShapeError : public Error {
public:
    explicit ShapeError(const std::string& message) : Error(ErrorKind::Shape, message) {}
};

// A configuration value out of range, an unknown architecture, a missing model.
class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& message) : Error(ErrorKind::Config, message) {}
};

// The experiment store (SQLite) failed.
class StoreError : public Error {
public:
    explicit StoreError(const std::string& message) : Error(ErrorKind::Store, message) {}
};

// A long job stopped because its cancel token was set.
class CancelledError : public Error {
public:
    explicit CancelledError(const std::string& message = "cancelled") : Error(ErrorKind::Cancelled, message) {}
};

// Formats "<file>: <what> at offset <offset>" for readers of hostile files.
std::string atOffset(const std::string& file, std::uint64_t offset, const std::string& what);

} // namespace persona
