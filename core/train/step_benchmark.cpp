#include "core/train/step_benchmark.h"

#include "core/common/error.h"
#include "core/runtime/tensor_memory.h"

#include <algorithm>

#include <time.h>

namespace persona::train {

namespace {

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

} // namespace

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

StepTiming timeTrainingSteps(methods::Method& method, const std::vector<methods::Example>& batch,
                             const data::Dataset& ds, TrainOptions options, int warmup, int steps)
{
    if (batch.empty())
        throw ConfigError("timeTrainingSteps: no examples in the batch");
    if (steps < 1 || warmup < 0)
        throw ConfigError("timeTrainingSteps: need at least one timed step and a non-negative warm-up (got " +
                          std::to_string(steps) + " and " + std::to_string(warmup) + ")");
    options.batchSize = static_cast<int>(batch.size());
    options.steps = warmup + steps;
    options.evalEvery = 0;
    options.patience = 0;

    StepTiming t;
    t.examplesPerStep = static_cast<std::int64_t>(batch.size());
    for (const auto& e : batch) {
        t.tokensPerStep += method.inputTokens(e) + static_cast<std::int64_t>(e.targetIds.size());
        t.targetTokensPerStep += static_cast<std::int64_t>(e.targetIds.size());
    }
    // The trainer reports the elapsed time after each step; a step's time is the difference.
    double last = 0.0;
    double lastCpu = processCpuSeconds();
    runtime::TensorMemoryMeter meter;
    std::int64_t stepStartBytes = 0;
    const TrainResult r = trainMethod(method, batch, {}, ds, options, [&](const Progress& p) {
        t.stepPeakTensorBytes.push_back(meter.peakBytes() - stepStartBytes);
        stepStartBytes = meter.currentBytes();
        meter.resetPeak();
        t.stepSeconds.push_back(p.elapsedSeconds - last);
        last = p.elapsedSeconds;
        const double cpu = processCpuSeconds();
        t.stepCpuSeconds.push_back(cpu - lastCpu);
        lastCpu = cpu;
    });
    t.heldTensorBytes = meter.currentBytes();
    t.losses = r.losses;
    t.timedSeconds.assign(t.stepSeconds.begin() + std::min<std::ptrdiff_t>(warmup, static_cast<std::ptrdiff_t>(t.stepSeconds.size())),
                          t.stepSeconds.end());
    t.medianSeconds = median(t.timedSeconds);
    const auto skip = static_cast<std::ptrdiff_t>(t.stepSeconds.size() - t.timedSeconds.size());
    t.medianCpuSeconds = median(std::vector<double>(t.stepCpuSeconds.begin() + skip, t.stepCpuSeconds.end()));
    return t;
}

} // namespace persona::train
