// `persona bench`: prefill and generation speed of the decoder and sentence throughput of the
// encoder, as medians over several runs after a warm-up. Inputs are synthetic token ids
// (id(i) = 100 + (i * 7919) % 40000), the same as tools/bench_reference.py, so the two compare.
#pragma once

#include "core/api/models.h"

#include <functional>
#include <string>
#include <vector>

namespace persona::api {

struct BenchOptions {
    EngineOptions engine;
    int runs = 5;
    std::vector<int> prefillLengths{128, 512};
    int generatePromptTokens = 16;
    int generateTokens = 64;
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
};

// Loads the models at `paths` and measures. `onProgress` receives a line per measurement.
BenchReport runBenchmark(const ModelPaths& paths, const BenchOptions& options,
                         const std::function<void(const std::string&)>& onProgress = {});

// The synthetic prompt both benchmarks use.
std::vector<std::int64_t> syntheticIds(int count);

} // namespace persona::api
