#include "core/common/cancel_token.h"

#include "core/common/error.h"

namespace persona {

void CancelToken::cancel()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_cancelled = true;
    }
    m_cv.notify_all();
}

void CancelToken::pause()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
}

void CancelToken::resume()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_paused = false;
    }
    m_cv.notify_all();
}

void CancelToken::check()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return !m_paused.load() || m_cancelled.load(); });
    if (m_cancelled)
        throw CancelledError("training cancelled");
}

} // namespace persona
