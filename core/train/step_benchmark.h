// Times full training steps (loss, backward, gradient clipping, AdamW step) of a method on a fixed
// batch through the trainer's own loop (trainMethod), for `persona bench --train`.
// Leaves out building the method and its examples (run.h) and reporting (core/api/benchmark.h).
#pragma once

#include "core/data/dataset.h"
#include "core/methods/method.h"
#include "core/train/trainer.h"

#include <cstdint>
#include <vector>

namespace persona::train {

struct StepTiming {
    std::vector<double> stepSeconds;   // every step, warm-up included, in order
    std::vector<double> timedSeconds;  // the steps after the warm-up
    std::vector<double> stepCpuSeconds; // the process's CPU time (all threads) of every step
    std::vector<double> losses;
    double medianSeconds = 0.0;        // median of timedSeconds
    double medianCpuSeconds = 0.0;     // median CPU time of the timed steps (less sensitive to a loaded machine)
    // Tensor memory (runtime::TensorMemoryMeter) of every step: the most it held at once above what
    // was held when the step began (activations and, in the first step, the gradients, the
    // optimiser's moments and the decoder's cached fused weights), and what is still held once
    // training has returned (gradients and cached weights; the moments go with the optimiser).
    std::vector<std::int64_t> stepPeakTensorBytes;
    std::int64_t heldTensorBytes = 0;
    std::int64_t examplesPerStep = 0;
    std::int64_t tokensPerStep = 0;    // decoder input tokens + target tokens of the batch
    std::int64_t targetTokensPerStep = 0;
};

// Runs warmup + steps optimiser steps of `options` (its steps and batchSize are replaced: every
// step trains on all of `batch`, in the trainer's shuffled order) with no validation. Throws
// ConfigError when batch is empty or steps < 1.
StepTiming timeTrainingSteps(methods::Method& method, const std::vector<methods::Example>& batch,
                             const data::Dataset& ds, TrainOptions options, int warmup, int steps);

// The median of a non-empty list (0 when empty).
double median(std::vector<double> values);

} // namespace persona::train
