#include "core/common/log.h"

#include "core/common/error.h"
#include "core/common/enum_names.h"

#include <cstdio>
#include <mutex>

namespace persona::log {
namespace {
std::mutex g_mutex;
Sink g_sink;
Level g_minimum = Level::Warning;

constexpr EnumName<Level> kLevelNames[] = {
    {Level::Debug, "debug"}, {Level::Info, "info"}, {Level::Warning, "warning"}, {Level::Error, "error"}};

const char* levelName(Level level)
{
    return enumName(kLevelNames, level, "?");
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
