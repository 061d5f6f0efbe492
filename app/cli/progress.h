// A progress line on stderr for CLI jobs longer than a second: a bar with count and ETA redrawn in
// place on a terminal, a plain line every few seconds otherwise (logs, CI). Silent below 1 s.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace persona::cli {

class Progress {
public:
    Progress(std::string label, std::size_t total)
        : m_label(std::move(label)), m_total(total), m_start(Clock::now()), m_tty(isatty(STDERR_FILENO) != 0)
    {
    }
    ~Progress() { finish(); }

    void update(std::size_t done, const std::string& extra = {})
    {
        const auto now = Clock::now();
        const double elapsed = seconds(now - m_start);
        if (elapsed < 1.0)
            return;
        const double sinceDraw = seconds(now - m_lastDraw);
        if (sinceDraw < (m_tty ? 0.1 : 5.0) && done < m_total)
            return;
        m_lastDraw = now;
        m_drawn = true;
        const double eta = done > 0 ? elapsed * static_cast<double>(m_total - done) / static_cast<double>(done) : 0.0;
        constexpr int kWidth = 28;
        const int filled = m_total ? static_cast<int>(kWidth * done / m_total) : kWidth;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(kWidth, '.');
        std::fprintf(stderr, "%s%s [%s] %zu/%zu  %.0fs, ETA %.0fs %s%s", m_tty ? "\r" : "", m_label.c_str(),
                     bar.c_str(), done, m_total, elapsed, eta, extra.c_str(), m_tty ? "\x1b[K" : "\n");
        std::fflush(stderr);
    }

    void finish()
    {
        if (m_drawn && m_tty && !m_finished)
            std::fputc('\n', stderr);
        m_finished = true;
    }

private:
    using Clock = std::chrono::steady_clock;
    static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
    std::string m_label;
    std::size_t m_total;
    Clock::time_point m_start;
    Clock::time_point m_lastDraw{};
    bool m_tty;
    bool m_drawn = false;
    bool m_finished = false;
};

} // namespace persona::cli
