#include "core/runtime/decoder_cache.h"

#include <chrono>
#include <filesystem>
#include <map>

namespace persona::runtime {
namespace {

namespace fs = std::filesystem;

struct Registry {
    std::mutex mutex;
    std::map<std::string, std::weak_ptr<SharedDecoder>> entries;
};

Registry& registry()
{
    static Registry r;
    return r;
}

// The file's identity: its resolved path, size and modification time (a file replaced in place is
// another decoder), with the device and dtype it is placed on.
std::string keyOf(const std::string& path, const LoadOptions& options)
{
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(path, ec);
    std::string key = (ec ? fs::path(path) : resolved).string();
    const auto size = fs::is_regular_file(resolved, ec) ? fs::file_size(resolved, ec) : 0;
    const auto time = fs::last_write_time(resolved, ec);
    key += "|" + std::to_string(size) + "|" +
           std::to_string(ec ? 0 : std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
    key += "|" + resolveDevice(options.device) + "|" + std::string(dtypeName(options.dtype));
    return key;
}

} // namespace

std::shared_ptr<SharedDecoder> sharedDecoder(const std::string& path, const LoadOptions& options)
{
    const std::string key = keyOf(path, options);
    Registry& r = registry();
    // One load at a time: a second viewer asking for the same file waits for the first's load
    // instead of loading a copy (loads take a second or two).
    static std::mutex loading;
    std::lock_guard loadLock(loading);
    {
        std::lock_guard lock(r.mutex);
        if (auto alive = r.entries[key].lock())
            return alive;
    }
    auto entry = std::make_shared<SharedDecoder>();
    entry->decoder = loadDecoder(path, options);
    std::lock_guard lock(r.mutex);
    for (auto it = r.entries.begin(); it != r.entries.end();) // forget freed decoders
        it = it->second.expired() ? r.entries.erase(it) : std::next(it);
    r.entries[key] = entry;
    return entry;
}

std::size_t sharedDecodersAlive()
{
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::size_t n = 0;
    for (const auto& [key, entry] : r.entries)
        n += entry.expired() ? 0 : 1;
    return n;
}

} // namespace persona::runtime
