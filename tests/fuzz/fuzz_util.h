// Shared by the libFuzzer targets (tests/fuzz, built by tools/fuzz.sh). Each target hands the
// fuzzer's bytes to one reader of outside files the way the product does, through a real file
// in a scratch folder. A persona::Error (FormatError, IoError, ConfigError, ...) is the promised
// answer to bad bytes; any other exception escapes and libFuzzer reports it, like a crash, a
// sanitizer report, a hang or a leak.
#pragma once

#include "core/common/error.h"
#include "core/common/log.h"
#include "core/io/tensor_source.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace persona::fuzz {

// A folder of this process's own: /dev/shm when there is one (no disk writes), else $TMPDIR.
inline const std::filesystem::path& scratch()
{
    static const std::filesystem::path dir = [] {
        std::error_code ec;
        std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : std::filesystem::temp_directory_path();
        auto d = base / ("persona-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        log::setMinimumLevel(log::Level::Error); // skipped-line warnings would flood the output
        std::atexit([] { std::error_code e; std::filesystem::remove_all(scratch(), e); });
        return d;
    }();
    return dir;
}

// A fresh empty folder NAME in the scratch folder.
inline std::filesystem::path freshFolder(const char* name)
{
    const auto d = scratch() / name;
    std::error_code ec;
    std::filesystem::remove_all(d, ec);
    std::filesystem::create_directories(d);
    return d;
}

inline std::string writeFile(const std::filesystem::path& path, std::string_view bytes)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

// Up to maxParts pieces of `bytes` split at `sep` (the last piece keeps the rest).
inline std::vector<std::string_view> split(std::string_view bytes, char sep, std::size_t maxParts)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const auto at = bytes.find(sep);
        if (at == std::string_view::npos)
            break;
        parts.push_back(bytes.substr(0, at));
        bytes.remove_prefix(at + 1);
    }
    parts.push_back(bytes);
    return parts;
}

inline std::string_view view(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// Runs fn; the documented errors are the expected outcome for bad bytes.
template <class F>
void acceptingPersonaErrors(F&& fn)
{
    try {
        fn();
    } catch (const persona::Error&) {
    }
}

// Reads every tensor as float32 as a model load does, up to 2^20 values per input in all (keeps a
// run short), each tensor's error accepted on its own.
inline void readTensors(const io::TensorSource& source)
{
    std::uint64_t budget = 1 << 20;
    for (const auto& t : source.tensors())
        acceptingPersonaErrors([&] {
            const auto n = static_cast<std::uint64_t>(t.numel());
            if (n <= budget) {
                budget -= n;
                (void)source.readF32(t.name);
            }
        });
}

} // namespace persona::fuzz
