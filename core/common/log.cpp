#include "core/common/log.h"

#include "core/common/error.h"

#include <cstdio>
#include <mutex>

namespace persona::log {
namespace {
std::mutex g_mutex;
Sink g_sink;
Level g_minimum = Level::Warning;

const char* levelName(Level level)
{
    switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
    }
    return "?";
}
} // namespace

void setSink(Sink sink)
{
    std::lock_guard lock(g_mutex);
    g_sink = std::move(sink);
}

void setMinimumLevel(Level level)
{
    std::lock_guard lock(g_mutex);
    g_minimum = level;
}

void write(Level level, const std::string& message)
{
    std::lock_guard lock(g_mutex);
    if (level < g_minimum)
        return;
    if (g_sink) {
        g_sink(level, printableMessage(message));
        return;
    }
    std::fprintf(stderr, "persona: %s: %s\n", levelName(level), printableMessage(message).c_str());
}

} // namespace persona::log
