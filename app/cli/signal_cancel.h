// SIGINT/SIGTERM as a cancel for long CLI jobs (persona train, persona milp): while a SignalCancel
// lives, the first signal sets a flag (all a handler may do) and a watcher thread turns it into
// TrainingControl::cancel(); a second signal ends the process at once. Leaves out the job itself.
#pragma once

#include "core/api/training.h"

#include <atomic>
#include <thread>

namespace persona::cli {

class SignalCancel {
public:
    explicit SignalCancel(api::TrainingControl& control);
    ~SignalCancel(); // stops the watcher and restores the default handlers
    SignalCancel(const SignalCancel&) = delete;
    SignalCancel& operator=(const SignalCancel&) = delete;

private:
    std::atomic<bool> m_done{false};
    std::thread m_watcher;
};

} // namespace persona::cli
