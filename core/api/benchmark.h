// `persona bench`: prefill and generation speed of the decoder and sentence throughput of the
// encoder, as medians over several runs after a warm-up. Inputs are synthetic token ids
// (id(i) = 100 + (i * 7919) % 40000), the same as tools/bench_reference.py, so the two compare.
// `persona bench --train`: full training steps of a method on one fixed batch of real users.
#pragma once

#include "core/api/models.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace persona::api {

struct BenchOptions {
    EngineOptions engine;
    int runs = 5;
    std::vector<int> prefillLengths{128, 512};
    int generatePromptTokens = 16;
    int generateTokens = 64;
    // Sequences generated together (runtime::generateBatch); generate_tokens_per_s is then the
    // total over them (each row a different synthetic prompt of the same length).
    int generateBatch = 1;
    int encoderSentences = 64;
};

struct BenchFigure {
    std::string name;       // "prefill_128_tokens_per_s", ...
    double median = 0.0;
    double min = 0.0;
    double max = 0.0;
};

struct BenchReport {
    std::string device;
    std::string dtype;
    int threads = 1;
    int runs = 0;
    std::vector<BenchFigure> figures;
    // How the decoding steps multiplied the decoder's weights (LlamaDecoderImpl::decodingWeights:
    // "Q4_1" -> 120, ...) and the instruction set of the packed kernels (nn::packedKernelIsa).
    std::map<std::string, int> decodeWeights;
    std::string decodeKernels;
};

// Loads the models at `paths` and measures. `onProgress` receives a line per measurement.
BenchReport runBenchmark(const ModelPaths& paths, const BenchOptions& options,
                         const std::function<void(const std::string&)>& onProgress = {});

// The synthetic prompt both benchmarks use.
std::vector<std::int64_t> syntheticIds(int count);

struct TrainBenchOptions {
    // A RunConfig (core/train/run_config.h) whose missing fields keep their defaults, except the
    // models and data, which default to defaultModelPaths(): PERSOMA MLP, frozen decoder, ml-100k.
    nlohmann::json config = nlohmann::json::object();
    int history = 10;       // history items per user (recency sampling)
    int batch = 8;          // the first `batch` users of the train split, every step
    int warmup = 2;         // untimed steps first
    int steps = 10;         // timed steps
    int threads = 0;        // 0: $PERSONA_NUM_THREADS or all cores
    std::string dumpBatch;  // when set, the batch is written there as JSON (tools/bench_train_reference.py)
};

struct TrainBenchReport {
    std::string method;     // "persoma-mlp-frozen"
    std::string device;
    int threads = 1;
    int torchThreads = 1;
    int blasThreads = -1;
    int history = 0;
    int batch = 0;
    int warmup = 0;
    int steps = 0;
    std::int64_t itemDim = 0;
    std::int64_t trainableParameters = 0;
    std::int64_t tokensPerStep = 0;       // decoder input + target tokens of the batch
    std::int64_t targetTokensPerStep = 0;
    double medianStepSeconds = 0.0;
    double minStepSeconds = 0.0;
    double maxStepSeconds = 0.0;
    double medianStepCpuSeconds = 0.0;    // CPU time of all threads per step (a check on a loaded machine)
    double examplesPerSecond = 0.0;       // batch / median step
    double tokensPerSecond = 0.0;         // tokensPerStep / median step
    double setupSeconds = 0.0;            // loading models, data and item vectors
    double rssBeforeStepsMiB = 0.0;
    double peakRssBeforeStepsMiB = 0.0;   // VmHWM after loading (dequantizing the GGUF peaks here)
    double peakRssMiB = 0.0;              // the process's VmHWM after the steps
    // Tensor memory counted by runtime::TensorMemoryMeter (train/step_benchmark.h): the median over
    // the timed steps of a step's peak above what it started with (activations, temporaries), the
    // first step's (which also creates the gradients, the optimiser's moments and cached weights),
    // and what is still held once training has returned (gradients and cached weights).
    double stepPeakTensorMiB = 0.0;
    double firstStepPeakTensorMiB = 0.0;
    double heldTensorMiB = 0.0;
    // The training memory estimate (core/train/memory_estimate.h) for this batch: one pass's tensors,
    // and what the process grows by (allocator overhead, gradients and moments included).
    double estimatedPassTensorMiB = 0.0;
    double estimatedProcessMiB = 0.0;
    std::vector<double> stepSeconds;      // every step, warm-up first
    std::vector<double> losses;
    nlohmann::json toJson() const;
};

// Builds the method with a Run (the same code path as `persona train`), takes the batch and times
// warmup + steps optimiser steps through the trainer. Throws ConfigError for bad options and the
// Run's errors for missing files.
TrainBenchReport runTrainBenchmark(const TrainBenchOptions& options,
                                   const std::function<void(const std::string&)>& onProgress = {});

// The process's peak resident memory (VmHWM) and current resident memory (VmRSS) in MiB, from
// /proc/self/status; 0 where that file is unavailable.
double peakResidentMiB();
double residentMiB();

} // namespace persona::api
