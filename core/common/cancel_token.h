// Cancel and pause for long jobs, set from any thread (the GUI's button, a CLI signal handler) and
// polled by the job between steps. Leaves out the job itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace persona {

class CancelToken {
public:
    void cancel();
    void pause();
    void resume();
    bool isCancelled() const { return m_cancelled.load(); }
    bool isPaused() const { return m_paused.load(); }
    // Called by the job: blocks while paused, then throws CancelledError when cancelled.
    void check();

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

} // namespace persona
