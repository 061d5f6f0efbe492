#include "core/store/store_bench.h"

#include "core/store/metric_writer.h"
#include "core/store/store.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace persona::store {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void removeStore(const std::filesystem::path& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path.string() + suffix);
}

} // namespace

StoreBenchResult benchStore(const std::filesystem::path& dir, const StoreBenchOptions& options)
{
    StoreBenchResult result;

    // 1. MetricWriter throughput: the caller adds one step's metrics per call as fast as it can.
    const auto writerPath = dir / "bench_writer.sqlite";
    removeStore(writerPath);
    {
        Store store(writerPath);
        const auto runId = store.createRun(NewRun{"bench-writer", "bench", {}, 0, "", std::nullopt, "", ""});
        MetricWriter writer(writerPath, runId);
        std::vector<std::pair<std::string, double>> values;
        for (int m = 0; m < options.metricsPerStep; ++m)
            values.emplace_back("metric_" + std::to_string(m), 0.0);
        const std::int64_t steps = options.writerPoints / std::max(1, options.metricsPerStep);
        Clock::duration inAdd{};
        const auto start = Clock::now();
        for (std::int64_t s = 0; s < steps; ++s) {
            for (auto& v : values)
                v.second = 1.0 / static_cast<double>(s + 1);
            const auto t = Clock::now();
            writer.add(s, values);
            inAdd += Clock::now() - t;
        }
        writer.flush();
        result.writerSeconds = secondsSince(start);
        result.addSeconds = std::chrono::duration<double>(inAdd).count();
        result.writerPointsPerSecond = static_cast<double>(writer.committedPoints()) / result.writerSeconds;
    }
    removeStore(writerPath);

    // 2. A store of `runs` runs with `pointsPerRun` points each: open it and list the runs.
    const auto listPath = dir / "bench_list.sqlite";
    removeStore(listPath);
    {
        const auto start = Clock::now();
        Store store(listPath);
        std::vector<MetricPoint> points(static_cast<std::size_t>(options.pointsPerRun));
        for (int r = 0; r < options.runs; ++r) {
            NewRun nr{"run " + std::to_string(r), r % 2 ? "persoma" : "milp",
                      {{"lr", 1e-4 * (r + 1)}, {"rank", 8}, {"epochs", 3}}, r, "test", std::nullopt, "cpu", "bench"};
            const auto id = store.createRun(nr);
            for (int p = 0; p < options.pointsPerRun; ++p)
                points[static_cast<std::size_t>(p)] = MetricPoint{p / 2, p % 2 ? "train/loss" : "eval/f1", 1.0 / (p + 1)};
            store.addMetricPoints(id, points);
        }
        result.buildSeconds = secondsSince(start);
    }
    {
        auto start = Clock::now();
        Store store(listPath);
        result.openSeconds = secondsSince(start);
        start = Clock::now();
        const auto runs = store.listRuns();
        result.listSeconds = secondsSince(start);
        result.listedRuns = static_cast<std::int64_t>(runs.size());
        start = Clock::now();
        const auto curve = store.metricPoints(runs.at(runs.size() / 2).id);
        result.curveSeconds = secondsSince(start);
        result.totalPoints = store.database().scalarInt("SELECT count(*) FROM metric_points");
    }
    result.fileBytes = std::filesystem::file_size(listPath);
    removeStore(listPath);
    return result;
}

nlohmann::json toJson(const StoreBenchResult& r)
{
    return {{"writer_add_seconds", r.addSeconds},        {"writer_seconds", r.writerSeconds},
            {"writer_points_per_second", r.writerPointsPerSecond},
            {"list_store_build_seconds", r.buildSeconds}, {"open_seconds", r.openSeconds},
            {"list_runs_seconds", r.listSeconds},         {"one_curve_seconds", r.curveSeconds},
            {"listed_runs", r.listedRuns},                {"total_points", r.totalPoints},
            {"file_bytes", r.fileBytes}};
}

} // namespace persona::store
