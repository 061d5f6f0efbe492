// Loads a dataset on a worker thread: DatasetWorker lives in a QThread owned by DatasetLoader,
// which hands out request ids so a stale result (an older load finishing late) is ignored.
// Leaves out what the views show (loaded_dataset.h, ui/itemmodels).
#pragma once

#include "ui/workers/loaded_dataset.h"

#include <QObject>
#include <QThread>

namespace persona::ui {

class DatasetWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public slots:
    void load(quint64 requestId, const QString& path, uint minItemRatings);

signals:
    void loaded(quint64 requestId, persona::ui::DatasetPtr dataset);
    void failed(quint64 requestId, const QString& path, const QString& message);
};

// Owns the thread. start() returns at once; exactly one of finished/failed follows, queued on
// the GUI thread, for the latest request only.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override; // stops the thread (waits for a running load)

    void start(const QString& path, uint minItemRatings);
    bool isBusy() const { return m_pending != 0; }

signals:
    void finished(persona::ui::DatasetPtr dataset);
    void failed(const QString& path, const QString& message);
    void requested(quint64 requestId, const QString& path, uint minItemRatings); // to the worker

private:
    QThread m_thread;
    quint64 m_lastRequest = 0;
    quint64 m_pending = 0; // the request still running, 0 when idle
};

} // namespace persona::ui
