#include "core/runtime/tensor_memory.h"

#include <c10/core/Allocator.h>
#include <c10/util/Logging.h>
#include <c10/util/ThreadLocalDebugInfo.h>

#include <algorithm>
#include <atomic>

namespace persona::runtime {

namespace {
// The totals' parameter type changed from int64_t (LibTorch 1.13) to size_t (2.x): take it from the
// base class so one override builds against both.
template <typename>
struct ReportTotals;
template <typename C, typename Ptr, typename Size, typename Total, typename Device>
struct ReportTotals<void (C::*)(Ptr, Size, Total, Total, Device)> {
    using Type = Total;
};
using Total = ReportTotals<decltype(&c10::MemoryReportingInfoBase::reportMemoryUsage)>::Type;
} // namespace

// LibTorch calls reportMemoryUsage for every allocation (positive size) and every free (negative)
// of a block allocated while the reporter is installed, from whichever thread does it.
struct TensorMemoryMeter::State : c10::MemoryReportingInfoBase {
    std::atomic<std::int64_t> current{0};
    std::atomic<std::int64_t> peak{0};

    void reportMemoryUsage(void* /*ptr*/, std::int64_t allocSize, Total /*totalAllocated*/, Total /*totalReserved*/,
                           c10::Device /*device*/) override
    {
        const std::int64_t now = current.fetch_add(allocSize) + allocSize;
        std::int64_t seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
    }
    bool memoryProfilingEnabled() const override { return true; }
};

// Freeing a tensor allocated before the meter started makes LibTorch's CPU allocator log a warning
// ("Memory block of unknown size ..."); a meter expects that, so warnings are muted while it runs.
struct TensorMemoryMeter::Guard {
    explicit Guard(std::shared_ptr<c10::DebugInfoBase> info) : guard(c10::DebugInfoKind::PROFILER_STATE, std::move(info))
    {
#ifdef C10_USE_GLOG
        savedLevel = FLAGS_minloglevel;
        FLAGS_minloglevel = std::max(savedLevel, 2); // glog's ERROR
#else
        savedLevel = FLAGS_caffe2_log_level;
        FLAGS_caffe2_log_level = std::max(savedLevel, 2);
#endif
    }
    ~Guard()
    {
#ifdef C10_USE_GLOG
        FLAGS_minloglevel = savedLevel;
#else
        FLAGS_caffe2_log_level = savedLevel;
#endif
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    c10::DebugInfoGuard guard;
    int savedLevel = 0;
};

TensorMemoryMeter::TensorMemoryMeter() : m_state(std::make_shared<State>()), m_guard(std::make_unique<Guard>(m_state)) {}

TensorMemoryMeter::~TensorMemoryMeter() = default;

std::int64_t TensorMemoryMeter::currentBytes() const
{
    return m_state->current.load();
}

std::int64_t TensorMemoryMeter::peakBytes() const
{
    return m_state->peak.load();
}

void TensorMemoryMeter::resetPeak()
{
    m_state->peak.store(m_state->current.load());
}

} // namespace persona::runtime
