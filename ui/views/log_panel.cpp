#include "ui/views/log_panel.h"

#include "ui/workers/log_bridge.h"

#include <QTime>

namespace persona::ui {

LogPanel::LogPanel(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setMaximumBlockCount(kMaxLines);
    setFont(QFont(QStringLiteral("monospace")));
    setPlaceholderText(tr("Messages from the core appear here."));
}

void LogPanel::appendLine(int level, const QString& text)
{
    QString name;
    QString color;
    switch (level) {
    case LogBridge::Debug: name = tr("debug"); break;
    case LogBridge::Info: name = tr("info"); break;
    case LogBridge::Warning: name = tr("warning"); color = QStringLiteral("#9a6700"); break;
    default: name = tr("error"); color = QStringLiteral("#cf222e"); break;
    }
    const QString line = QStringLiteral("%1 %2: %3").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), name, text);
    if (color.isEmpty())
        appendPlainText(line);
    else
        appendHtml(QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color, line.toHtmlEscaped()));
}

} // namespace persona::ui
