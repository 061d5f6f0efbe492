#include "core/store/metric_writer.h"

#include "core/common/error.h"
#include "core/common/log.h"
#include "core/store/store.h"

#include <algorithm>
#include <memory>

namespace persona::store {

MetricWriter::MetricWriter(const std::filesystem::path& storePath, std::int64_t runId, MetricWriterOptions options,
                           CommitCallback onCommit)
    : m_runId(runId), m_options(options), m_onCommit(std::move(onCommit))
{
    if (m_options.batchPoints == 0)
        throw StoreError("MetricWriter: batchPoints must be at least 1");
    m_thread = std::thread(&MetricWriter::threadMain, this, storePath, options.busyTimeoutMs);
    std::unique_lock lock(m_mutex);
    m_progress.wait(lock, [this] { return m_ready; });
    if (m_exited) {
        const std::string error = m_error;
        lock.unlock();
        m_thread.join();
        throw StoreError(error);
    }
}

MetricWriter::~MetricWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
    if (!m_queue.empty())
        log::error("metric writer for run " + std::to_string(m_runId) + ": " + std::to_string(m_queue.size()) +
                   " metric points could not be stored: " + m_error);
}

void MetricWriter::add(std::int64_t step, std::string name, double value)
{
    std::unique_lock lock(m_mutex);
    if (m_queue.size() + 1 > m_options.maxQueuedPoints) {
        ++m_droppedPoints;
        return;
    }
    if (m_queue.empty())
        m_oldest = std::chrono::steady_clock::now();
    m_queue.push_back(MetricPoint{step, std::move(name), value});
    ++m_addedBatches;
    const bool wake = m_queue.size() == 1 || m_queue.size() == m_options.batchPoints;
    lock.unlock();
    if (wake)
        m_wake.notify_one();
}

void MetricWriter::add(std::int64_t step, const std::vector<std::pair<std::string, double>>& values)
{
    if (values.empty())
        return;
    std::unique_lock lock(m_mutex);
    if (m_queue.size() + values.size() > m_options.maxQueuedPoints) {
        m_droppedPoints += values.size();
        return;
    }
    const std::size_t before = m_queue.size();
    if (before == 0)
        m_oldest = std::chrono::steady_clock::now();
    for (const auto& [name, value] : values)
        m_queue.push_back(MetricPoint{step, name, value});
    ++m_addedBatches;
    const bool wake = before == 0 || (before < m_options.batchPoints && m_queue.size() >= m_options.batchPoints);
    lock.unlock();
    if (wake)
        m_wake.notify_one();
}

void MetricWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_addedBatches;
    const std::uint64_t failuresBefore = m_failedAttempts;
    ++m_flushRequests;
    m_wake.notify_one();
    m_progress.wait(lock, [&] {
        return m_committedBatches >= target || m_failedAttempts > failuresBefore || m_exited;
    });
    if (m_committedBatches < target)
        throw StoreError(m_error.empty() ? "metric writer for run " + std::to_string(m_runId) + " has stopped"
                                         : m_error);
}

std::int64_t MetricWriter::committedStep() const
{
    std::lock_guard lock(m_mutex);
    return m_committedStep;
}

std::uint64_t MetricWriter::committedPoints() const
{
    std::lock_guard lock(m_mutex);
    return m_committedPoints;
}

std::uint64_t MetricWriter::droppedPoints() const
{
    std::lock_guard lock(m_mutex);
    return m_droppedPoints;
}

void MetricWriter::threadMain(std::filesystem::path storePath, int busyTimeoutMs)
{
    // The writer's own connection, opened and used on this thread only.
    std::unique_ptr<Store> store;
    try {
        StoreOptions so;
        so.busyTimeoutMs = busyTimeoutMs;
        so.markInterrupted = false;
        store = std::make_unique<Store>(storePath, so);
        const RunRecord run = store->run(m_runId);
        std::lock_guard lock(m_mutex);
        m_committedStep = run.lastStep.value_or(-1);
    } catch (const std::exception& e) {
        std::lock_guard lock(m_mutex);
        m_error = e.what();
        m_exited = true;
        m_ready = true;
        m_progress.notify_all();
        return;
    }

    std::unique_lock lock(m_mutex);
    m_ready = true;
    m_progress.notify_all();
    std::uint64_t flushesHandled = 0;
    while (true) {
        if (m_queue.empty()) {
            flushesHandled = m_flushRequests;
            m_progress.notify_all(); // a flush with nothing queued is already done
            if (m_stop)
                break;
            m_wake.wait(lock, [&] { return m_stop || !m_queue.empty() || m_flushRequests > flushesHandled; });
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        const bool due = m_stop || m_queue.size() >= m_options.batchPoints || m_flushRequests > flushesHandled ||
                         now - m_oldest >= m_options.maxDelay;
        if (!due) {
            m_wake.wait_until(lock, m_oldest + m_options.maxDelay);
            continue;
        }
        std::vector<MetricPoint> batch;
        batch.swap(m_queue);
        const std::uint64_t taken = m_addedBatches;
        flushesHandled = m_flushRequests;
        lock.unlock();

        std::string error;
        try {
            store->addMetricPoints(m_runId, batch);
        } catch (const std::exception& e) {
            error = e.what();
        }
        std::int64_t maxStep = -1;
        for (const MetricPoint& p : batch)
            maxStep = std::max(maxStep, p.step);

        lock.lock();
        if (error.empty()) {
            m_committedBatches = taken;
            m_committedPoints += batch.size();
            m_committedStep = std::max(m_committedStep, maxStep);
            m_error.clear();
            const std::int64_t step = m_committedStep;
            m_progress.notify_all();
            if (m_onCommit) {
                lock.unlock();
                m_onCommit(step);
                lock.lock();
            }
        } else {
            // Keep the points (in order) and retry after maxDelay; flush() reports the failure.
            m_error = error;
            ++m_failedAttempts;
            m_queue.insert(m_queue.begin(), std::make_move_iterator(batch.begin()),
                           std::make_move_iterator(batch.end()));
            m_oldest = std::chrono::steady_clock::now();
            m_progress.notify_all();
            if (m_stop)
                break;
            m_wake.wait_for(lock, m_options.maxDelay, [this] { return m_stop; });
        }
    }
    m_exited = true;
    m_progress.notify_all();
}

} // namespace persona::store
