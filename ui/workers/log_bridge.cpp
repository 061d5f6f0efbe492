#include "ui/workers/log_bridge.h"

#include "core/common/log.h"

namespace persona::ui {

LogBridge::LogBridge(QObject* parent)
    : QObject(parent)
{
    // The core calls the sink under its own mutex, so after setSink(nullptr) in the destructor
    // returns no call can still reach this object.
    log::setSink([this](log::Level level, const std::string& text) {
        emit message(static_cast<int>(level), QString::fromStdString(text));
    });
    log::setMinimumLevel(log::Level::Info);
    m_installed = true;
}

LogBridge::~LogBridge()
{
    if (m_installed) {
        log::setSink(nullptr);
        log::setMinimumLevel(log::Level::Warning);
    }
}

} // namespace persona::ui
