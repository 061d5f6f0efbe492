// A benchmark of the store for `persona bench`: MetricWriter insert throughput while a caller
// adds points as fast as it can, and the time to open a store of many runs and many metric points
// and list its runs (what the GUI's runs view does). Leaves out printing (the caller formats).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>

namespace persona::store {

struct StoreBenchOptions {
    std::int64_t writerPoints = 1'000'000; // points pushed through one MetricWriter
    int metricsPerStep = 4;                // points per add() call (one training step)
    int runs = 1000;                       // runs in the listing store
    int pointsPerRun = 1000;               // metric points per run there (1,000 x 1,000 = 1M)
};

struct StoreBenchResult {
    double addSeconds = 0;          // caller time spent in MetricWriter::add for all points
    double writerSeconds = 0;       // from the first add() to flush() returning
    double writerPointsPerSecond = 0;
    double buildSeconds = 0;        // filling the listing store
    double openSeconds = 0;         // Store constructor on the filled store
    double listSeconds = 0;         // listRuns() of all runs
    double curveSeconds = 0;        // metricPoints() of one run
    std::int64_t listedRuns = 0;
    std::int64_t totalPoints = 0;
    std::uintmax_t fileBytes = 0;
};

// Creates its stores under `dir` (which must exist; files there named bench_*.sqlite are
// replaced). Throws StoreError on a store failure.
StoreBenchResult benchStore(const std::filesystem::path& dir, const StoreBenchOptions& options = {});
nlohmann::json toJson(const StoreBenchResult& result);

} // namespace persona::store
