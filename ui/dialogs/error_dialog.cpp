#include "ui/dialogs/error_dialog.h"

#include <QMessageBox>

namespace persona::ui {

QMessageBox* showError(QWidget* parent, const QString& title, const QString& problem, const QString& whatToDo)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, problem, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setInformativeText(whatToDo);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
    return box;
}

} // namespace persona::ui
