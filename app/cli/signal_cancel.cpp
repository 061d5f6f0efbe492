#include "app/cli/signal_cancel.h"

#include <chrono>
#include <csignal>
#include <cstdio>

namespace persona::cli {
namespace {

volatile std::sig_atomic_t g_stopSignal = 0;

void onStopSignal(int sig)
{
    g_stopSignal = sig;
    std::signal(sig, SIG_DFL); // a second Ctrl-C ends the process at once
}

} // namespace

SignalCancel::SignalCancel(api::TrainingControl& control)
{
    g_stopSignal = 0;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    m_watcher = std::thread([this, &control] {
        while (!m_done.load()) {
            if (g_stopSignal != 0 && !control.isCancelled()) {
                std::fprintf(stderr, "signal %d: cancelling after the current step...\n", static_cast<int>(g_stopSignal));
                control.cancel();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
}

SignalCancel::~SignalCancel()
{
    m_done = true;
    m_watcher.join();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace persona::cli
