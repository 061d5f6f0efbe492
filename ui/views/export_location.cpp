#include "ui/views/export_location.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace persona::ui {

namespace {
const char* kExportFolderKey = "export/folder";
}

QString exportLocation(const QString& fileName)
{
    QString folder = QSettings().value(kExportFolderKey).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    return QDir(folder).filePath(fileName);
}

void rememberExportLocation(const QString& path)
{
    QSettings().setValue(kExportFolderKey, QFileInfo(path).absolutePath());
}

} // namespace persona::ui
