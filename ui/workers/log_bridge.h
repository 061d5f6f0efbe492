// Routes the core's log sink (core/common/log.h) into Qt: the sink may run on any thread, so it
// only emits a signal, and receivers connect queued. One bridge at a time owns the sink; its
// destructor restores the default (stderr) sink. Leaves out showing the lines (log_panel.h).
#pragma once

#include <QObject>
#include <QString>

namespace persona::ui {

class LogBridge : public QObject {
    Q_OBJECT
public:
    enum Level { Debug, Info, Warning, Error };

    // Installs the sink; messages below minimum are dropped by the core.
    explicit LogBridge(QObject* parent = nullptr);
    ~LogBridge() override;

signals:
    void message(int level, const QString& text); // emitted on the logging thread

private:
    bool m_installed = false;
};

} // namespace persona::ui
