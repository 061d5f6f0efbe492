#include "ui/views/status_indicators.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>

#include <unistd.h>

namespace persona::ui {

StatusIndicators::StatusIndicators(QWidget* parent)
    : QWidget(parent)
{
    m_device = new QLabel(tr("Device: …"), this);
    m_memory = new QLabel(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_device);
    layout->addSpacing(12);
    layout->addWidget(m_memory);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &StatusIndicators::updateMemory);
    timer->start(2000);
    updateMemory();
}

void StatusIndicators::setDevice(const QString& device, const QString& details)
{
    m_device->setText(tr("Device: %1").arg(device));
    m_device->setToolTip(details);
}

QString StatusIndicators::deviceText() const
{
    return m_device->text();
}

QString StatusIndicators::memoryText() const
{
    return m_memory->text();
}

qint64 StatusIndicators::residentBytes()
{
    // statm is small and fixed-format: "size resident shared text lib data dt" in pages.
    QFile file(QStringLiteral("/proc/self/statm"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = file.read(256).simplified().split(' ');
    if (fields.size() < 2)
        return -1;
    bool ok = false;
    const qint64 pages = fields[1].toLongLong(&ok);
    const long pageSize = sysconf(_SC_PAGESIZE);
    return ok && pageSize > 0 ? pages * pageSize : -1;
}

void StatusIndicators::updateMemory()
{
    const qint64 bytes = residentBytes();
    m_memory->setText(bytes < 0 ? tr("Memory: unknown") : tr("Memory: %1").arg(QLocale().formattedDataSize(bytes)));
}

} // namespace persona::ui
