// Counts the bytes of the tensors a piece of code allocates, through LibTorch's memory-reporting
// hook (the one its profiler uses): the current and the peak total since the meter started, on
// every device. For `persona bench --train` and for checking the training memory estimate
// (core/train/memory_estimate.h). Leaves out memory that is not tensor storage (the allocator's
// caches, libraries, the rest of the process) and tensors freed on threads the meter does not see.
#pragma once

#include <cstdint>
#include <memory>

namespace persona::runtime {

class TensorMemoryMeter {
public:
    // Starts counting on this thread (and on the autograd threads LibTorch propagates it to) until
    // the meter is destroyed. Tensors that exist already are not counted, and freeing them is not
    // subtracted. Meters do not nest: the innermost one counts. LibTorch's warnings are muted
    // (a process-wide setting) while a meter lives.
    TensorMemoryMeter();
    ~TensorMemoryMeter();
    TensorMemoryMeter(const TensorMemoryMeter&) = delete;
    TensorMemoryMeter& operator=(const TensorMemoryMeter&) = delete;

    std::int64_t currentBytes() const; // allocated and not yet freed since the start
    std::int64_t peakBytes() const;    // the largest currentBytes() seen
    // Restarts the peak at the current value (to measure one phase after another).
    void resetPeak();

private:
    struct State;
    std::shared_ptr<State> m_state;
    struct Guard;
    std::unique_ptr<Guard> m_guard;
};

} // namespace persona::runtime
