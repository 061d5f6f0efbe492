// The log panel: the core's log lines (through LogBridge, queued) with time and level, warnings
// and errors coloured, the last kMaxLines kept. Leaves out the sink itself (log_bridge.h).
#pragma once

#include <QPlainTextEdit>

namespace persona::ui {

class LogPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 5000;
    explicit LogPanel(QWidget* parent = nullptr);

public slots:
    // level: LogBridge::Level.
    void appendLine(int level, const QString& text);
};

} // namespace persona::ui
