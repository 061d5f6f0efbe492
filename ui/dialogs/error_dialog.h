// Error dialogs that say what went wrong and what to do: a window-modal QMessageBox opened
// without a nested event loop (open(), not exec()), so work in other views and tests go on.
// Leaves out logging (the caller logs).
#pragma once

#include <QString>

class QMessageBox;
class QWidget;

namespace persona::ui {

// Shows `problem` (the core's message, naming the file and place) with `whatToDo` as the
// informative text. Returns the box (deleted on close).
QMessageBox* showError(QWidget* parent, const QString& title, const QString& problem, const QString& whatToDo);

} // namespace persona::ui
