// Where the workbench's Save dialogs for exports (plots, curves, neighbours) open: the folder of
// the user's last export, else their Documents folder, else their home folder; never the
// program's working folder.
#pragma once

#include <QString>

namespace persona::ui {

// `fileName` in the folder an export dialog should open in.
QString exportLocation(const QString& fileName);
// Remembers the folder of a file just exported (QSettings "export/folder").
void rememberExportLocation(const QString& path);

} // namespace persona::ui
