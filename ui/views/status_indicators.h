// Status bar indicators: the compute device (from api::systemInfo) and this process's resident
// memory, read from /proc/self/statm every two seconds. Leaves out per-job progress (views).
#pragma once

#include <QWidget>

class QLabel;

namespace persona::ui {

class StatusIndicators : public QWidget {
    Q_OBJECT
public:
    explicit StatusIndicators(QWidget* parent = nullptr);

    void setDevice(const QString& device, const QString& details = {});
    QString deviceText() const;
    QString memoryText() const;
    // Resident set size in bytes from /proc/self/statm; -1 where unreadable.
    static qint64 residentBytes();

private:
    void updateMemory();

    QLabel* m_device = nullptr;
    QLabel* m_memory = nullptr;
};

} // namespace persona::ui
