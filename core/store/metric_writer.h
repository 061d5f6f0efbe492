// MetricWriter: takes a run's metric points from a training loop and commits them to the store
// from a background thread with its own connection, in batched transactions, so training never
// waits on SQLite. Leaves out reading curves back (Store::metricPoints).
#pragma once

#include "core/store/records.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace persona::store {

struct MetricWriterOptions {
    std::size_t batchPoints = 1024;              // commit as soon as this many points wait
    std::chrono::milliseconds maxDelay{250};     // ... or when the oldest waiting point is this old
    std::size_t maxQueuedPoints = 4u << 20;      // beyond this (store failing for long), new points are dropped
    int busyTimeoutMs = 5000;
};

class MetricWriter {
public:
    // Called on the writer thread after each commit with the run's last committed step.
    using CommitCallback = std::function<void(std::int64_t lastCommittedStep)>;

    // Opens its own connection to `storePath` on the writer thread and waits for that open; throws
    // StoreError when the store cannot be opened or the run does not exist.
    MetricWriter(const std::filesystem::path& storePath, std::int64_t runId, MetricWriterOptions options = {},
                 CommitCallback onCommit = {});
    // Commits what is queued and stops the thread. Never throws; a final failure is logged.
    ~MetricWriter();
    MetricWriter(const MetricWriter&) = delete;
    MetricWriter& operator=(const MetricWriter&) = delete;

    // Queues points and returns at once (a short mutex, never SQLite). Points given in one call
    // are committed in one transaction, so logging one step per call keeps steps whole.
    void add(std::int64_t step, std::string name, double value);
    void add(std::int64_t step, const std::vector<std::pair<std::string, double>>& values);

    // Blocks until every point queued before the call is committed. Throws StoreError if the
    // last commit attempt failed (the points stay queued and are retried).
    void flush();

    std::int64_t runId() const { return m_runId; }
    // Last step whose points are committed, -1 before the first commit.
    std::int64_t committedStep() const;
    std::uint64_t committedPoints() const;
    std::uint64_t droppedPoints() const;

private:
    void threadMain(std::filesystem::path storePath, int busyTimeoutMs);

    const std::int64_t m_runId;
    const MetricWriterOptions m_options;
    CommitCallback m_onCommit;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;     // to the writer: points queued, flush asked, stop
    std::condition_variable m_progress; // to callers: a commit happened, or the writer is ready
    std::vector<MetricPoint> m_queue;
    std::chrono::steady_clock::time_point m_oldest{};
    std::uint64_t m_addedBatches = 0;     // add() calls so far
    std::uint64_t m_committedBatches = 0; // add() calls committed
    std::uint64_t m_flushRequests = 0;
    std::uint64_t m_committedPoints = 0;
    std::uint64_t m_droppedPoints = 0;
    std::uint64_t m_failedAttempts = 0;
    std::int64_t m_committedStep = -1;
    std::string m_error; // last commit failure, empty after a successful commit
    bool m_ready = false;
    bool m_stop = false;
    bool m_exited = false;
    std::thread m_thread;
};

} // namespace persona::store
