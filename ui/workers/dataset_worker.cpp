#include "ui/workers/dataset_worker.h"

#include "core/common/error.h"
#include "core/common/log.h"

namespace persona::ui {

void DatasetWorker::load(quint64 requestId, const QString& path, uint minItemRatings)
{
    try {
        data::LoadOptions options;
        options.minItemRatings = minItemRatings;
        DatasetPtr dataset = loadPreparedDataset(path, options);
        const data::LoadReport& report = dataset->dataset.report;
        if (report.skippedLines > 0)
            log::warning(path.toStdString() + ": skipped " + std::to_string(report.skippedLines) + " malformed lines");
        for (const std::string& message : report.messages)
            log::warning(message);
        emit loaded(requestId, dataset);
    } catch (const std::exception& e) {
        emit failed(requestId, path, QString::fromUtf8(e.what()));
    }
}

DatasetLoader::DatasetLoader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<persona::ui::DatasetPtr>();
    auto* worker = new DatasetWorker;
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &DatasetLoader::requested, worker, &DatasetWorker::load, Qt::QueuedConnection);
    connect(worker, &DatasetWorker::loaded, this, [this](quint64 id, DatasetPtr dataset) {
        if (id != m_lastRequest)
            return;
        m_pending = 0;
        emit finished(dataset);
    }, Qt::QueuedConnection);
    connect(worker, &DatasetWorker::failed, this, [this](quint64 id, const QString& path, const QString& message) {
        if (id != m_lastRequest)
            return;
        m_pending = 0;
        emit failed(path, message);
    }, Qt::QueuedConnection);
    m_thread.setObjectName(QStringLiteral("dataset-loader"));
    m_thread.start();
}

DatasetLoader::~DatasetLoader()
{
    m_thread.quit();
    m_thread.wait();
}

void DatasetLoader::start(const QString& path, uint minItemRatings)
{
    m_pending = ++m_lastRequest;
    emit requested(m_pending, path, minItemRatings);
}

} // namespace persona::ui
