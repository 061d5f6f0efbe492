#include "core/common/crash_point.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

namespace persona {

namespace {

struct Arming {
    std::string name;
    long long at = 0; // 0: disarmed
    std::atomic<long long> arrivals{0};

    Arming()
    {
        const char* spec = std::getenv("PERSONA_CRASH_AT");
        if (!spec)
            return;
        const char* colon = std::strrchr(spec, ':');
        if (!colon || colon == spec)
            return;
        char* end = nullptr;
        const long long n = std::strtoll(colon + 1, &end, 10);
        if (n < 1 || !end || *end != '\0')
            return;
        name.assign(spec, colon);
        at = n;
    }
};

Arming& arming()
{
    static Arming a;
    return a;
}

} // namespace

void crashPoint(const char* name)
{
    Arming& a = arming();
    if (a.at == 0 || a.name != name)
        return;
    if (a.arrivals.fetch_add(1, std::memory_order_relaxed) + 1 == a.at)
        std::raise(SIGKILL);
}

} // namespace persona
