#include "ui/workers/trained_run_worker.h"

#include "core/api/report.h"
#include "core/common/json_number.h"
#include "core/common/log.h"
#include "core/store/store.h"

#include <algorithm>
#include <stdexcept>

namespace persona::ui {

namespace {

QString keyOf(const RunChoice& run)
{
    const QString key = run.dir.isEmpty() ? QStringLiteral("zero-shot:") + run.zeroShotConfig : run.dir;
    return run.dataset.isEmpty() ? key : key + QStringLiteral("\non:") + run.dataset + QLatin1Char('@') + QString::number(run.minItemRatings);
}

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

// The store run that zero-shot predictions of this config go under: an earlier one with the same
// config, else a new finished run (zero-shot has nothing to train).
qint64 zeroShotStoreRun(store::Store& s, const QString& config)
{
    nlohmann::json j = nlohmann::json::parse(config.toStdString(), nullptr, false);
    if (j.is_discarded())
        j = nlohmann::json::object();
    j["method"] = "zero-shot";
    for (const store::RunRecord& r : s.listRuns())
        if (r.method == "zero-shot" && r.config == j)
            return r.id;
    store::NewRun nr;
    nr.name = "zero-shot";
    nr.method = "zero-shot";
    nr.config = j;
    const qint64 id = s.createRun(nr);
    s.markRunning(id);
    s.markFinished(id);
    return id;
}

// The run of a choice, on its own dataset or on the one the choice names.
std::unique_ptr<api::TrainedRun> loadRun(const RunChoice& run)
{
    const std::string dataset = run.dataset.toStdString();
    if (run.dir.isEmpty())
        return api::TrainedRun::openZeroShot(run.zeroShotConfig.toStdString(), "", dataset, run.minItemRatings);
    if (!dataset.empty())
        return api::TrainedRun::openOn(run.dir.toStdString(), dataset, run.minItemRatings);
    return api::TrainedRun::open(run.dir.toStdString());
}

store::PredictionRecord record(const api::UserPredictionView& v)
{
    store::PredictionRecord p;
    p.userId = v.user;
    p.output = v.output;
    p.metrics = {{"generatedTokens", v.generatedTokens}, {"historyItems", v.historyItems}, {"method", v.method}};
    if (v.task == "next-item") {
        p.genres = nlohmann::json::object();
        p.metrics["target"] = v.target;
        p.metrics["rouge1"] = finiteOrNull(v.rouge1);
        p.metrics["rougeL"] = finiteOrNull(v.rougeL);
        p.metrics["personaF1"] = finiteOrNull(v.personaF1);
    } else {
        p.genres = {{"liked", v.liked}, {"disliked", v.disliked}};
        p.metrics["f1"] = v.f1;
    }
    p.inputTokens = v.inputTokens;
    p.latencyMs = v.latencySeconds * 1000.0;
    return p;
}

} // namespace

bool predictionsDisagree(const ColumnPredictions& predictions)
{
    const ColumnPrediction* first = nullptr;
    for (const ColumnPrediction& p : predictions) {
        if (!p.ok)
            continue;
        if (!first) {
            first = &p;
            continue;
        }
        // Next-item outputs are free text: they disagree when the texts differ.
        if (p.view.task == "next-item" || first->view.task == "next-item") {
            if (QString::fromStdString(p.view.output).simplified() != QString::fromStdString(first->view.output).simplified())
                return true;
        } else if (sorted(p.view.liked) != sorted(first->view.liked) || sorted(p.view.disliked) != sorted(first->view.disliked)) {
            return true;
        }
    }
    return false;
}

TrainedRunWorker::~TrainedRunWorker() = default;

namespace {

// Every loaded run of the process, by key; an entry lives while some worker keeps it open.
std::mutex& registryMutex()
{
    static std::mutex m;
    return m;
}

std::map<QString, std::weak_ptr<SharedRun>>& registry()
{
    static std::map<QString, std::weak_ptr<SharedRun>> r;
    return r;
}

} // namespace

std::size_t TrainedRunWorker::loadedRunsInProcess()
{
    std::lock_guard guard(registryMutex());
    std::size_t n = 0;
    for (const auto& [key, weak] : registry())
        if (const auto entry = weak.lock())
            n += entry->run ? 1 : 0;
    return n;
}

TrainedRunWorker::OpenRun TrainedRunWorker::open(const RunChoice& run)
{
    const QString key = keyOf(run);
    m_recent.remove(key);
    auto it = m_runs.find(key);
    if (it == m_runs.end()) {
        // Close the least recently used runs first: each holds a decoder, and a session that
        // looked at a dozen runs must not keep a dozen decoders in memory.
        while (m_runs.size() >= m_maxOpenRuns && !m_recent.empty()) {
            m_runs.erase(m_recent.front());
            m_recent.pop_front();
        }
        std::shared_ptr<SharedRun> entry;
        {
            std::lock_guard guard(registryMutex());
            std::weak_ptr<SharedRun>& slot = registry()[key];
            entry = slot.lock();
            if (!entry) {
                entry = std::make_shared<SharedRun>();
                slot = entry;
            }
            for (auto r = registry().begin(); r != registry().end();) // forget entries no worker keeps
                r = r->second.expired() ? registry().erase(r) : std::next(r);
        }
        std::unique_lock lock(entry->mutex);
        if (!entry->run) // the first worker to want it loads it; the others wait on the mutex above
            entry->run = loadRun(run);
        m_runs.emplace(key, entry);
        m_recent.push_back(key);
        return OpenRun{entry, std::move(lock)};
    }
    m_recent.push_back(key);
    return OpenRun{it->second, std::unique_lock(it->second->mutex)};
}

void TrainedRunWorker::inspect(quint64 requestId, const RunChoice& run, const QString& user, int k, int checkpointStep)
{
    try {
        OpenRun opened = open(run);
        api::TrainedRun& r = opened.run();
        InspectResult out;
        out.user = user;
        out.dataset = QString::fromStdString(r.dataset());
        out.checkpoints = r.checkpoints();
        out.neighbours = r.neighbours(user.toStdString(), k, 0.5, checkpointStep);
        out.hasAttention = r.hasAttention();
        if (out.hasAttention)
            out.attention = r.attention(user.toStdString());
        emit inspected(requestId, out);
    } catch (const std::exception& e) {
        emit failed(requestId, QString::fromUtf8(e.what()));
    }
}

ColumnPredictions TrainedRunWorker::predictAll(const RunChoices& runs, const QString& user, const QString& storePath)
{
    std::unique_ptr<store::Store> s;
    if (!storePath.isEmpty()) {
        try {
            s = std::make_unique<store::Store>(storePath.toStdString());
        } catch (const std::exception& e) {
            log::warning(std::string("predictions are not saved: ") + e.what());
        }
    }
    ColumnPredictions out;
    for (int c = 0; c < runs.size(); ++c) {
        if (!runs[c].isValid())
            continue;
        ColumnPrediction p;
        p.column = c;
        try {
            OpenRun opened = open(runs[c]);
            api::TrainedRun& r = opened.run();
            if (!r.hasUser(user.toStdString()))
                throw std::runtime_error(tr("user %1 is not in the dataset of %2").arg(user, runs[c].label).toStdString());
            p.view = r.predict(user.toStdString());
            p.ok = true;
            p.storeRunId = runs[c].storeRunId;
            if (s) {
                if (p.storeRunId == 0 && runs[c].dir.isEmpty())
                    p.storeRunId = zeroShotStoreRun(*s, runs[c].zeroShotConfig);
                if (p.storeRunId > 0)
                    p.predictionId = s->addPrediction(p.storeRunId, record(p.view));
            }
        } catch (const std::exception& e) {
            p.error = QString::fromUtf8(e.what());
        }
        out.append(p);
    }
    return out;
}

void TrainedRunWorker::predict(quint64 requestId, const RunChoices& runs, const QString& user, const QString& storePath)
{
    emit predicted(requestId, predictAll(runs, user, storePath));
}

void TrainedRunWorker::predictUsers(quint64 requestId, const RunChoice& run, const QStringList& users)
{
    try {
        std::vector<std::string> keys;
        for (const QString& u : users)
            keys.push_back(u.toStdString());
        const auto views = open(run).run().predictMany(keys, 0);
        emit usersPredicted(requestId, UserPredictions(views.begin(), views.end()));
    } catch (const std::exception& e) {
        emit failed(requestId, QString::fromUtf8(e.what()));
    }
}

void TrainedRunWorker::explain(quint64 requestId, const RunChoice& run, const QString& user, int tag)
{
    try {
        ExplainResult r;
        r.tag = tag;
        r.view = open(run).run().explain(user.toStdString());
        emit explained(requestId, r);
    } catch (const std::exception& e) {
        emit failed(requestId, QString::fromUtf8(e.what()));
    }
}

void TrainedRunWorker::describeInput(quint64 requestId, const RunChoice& run, const QString& user)
{
    try {
        emit inputDescribed(requestId, open(run).run().input(user.toStdString()));
    } catch (const std::exception& e) {
        emit failed(requestId, QString::fromUtf8(e.what()));
    }
}

void TrainedRunWorker::report(quint64 requestId, const RunChoices& runs, const QString& user, const QString& storePath)
{
    try {
        // Each run once (two columns may show the same run: its lock is taken once).
        std::vector<OpenRun> open;
        std::vector<const RunChoice*> choices;
        std::vector<QString> keys;
        for (const RunChoice& run : runs) {
            if (!run.isValid() || std::find(keys.begin(), keys.end(), keyOf(run)) != keys.end())
                continue;
            keys.push_back(keyOf(run));
            open.push_back(this->open(run));
            choices.push_back(&run);
        }
        if (open.empty())
            throw std::runtime_error(tr("Choose a run in at least one model column.").toStdString());
        std::vector<api::TrainedRun*> trained;
        for (auto& o : open)
            trained.push_back(&o.run());
        api::UserReportOptions options;
        api::UserReport report = api::buildUserReport(trained, user.toStdString(), options);
        std::vector<std::int64_t> storeRunIds;
        for (std::size_t i = 0; i < report.parts.size(); ++i) {
            if (report.parts[i].runDir.empty())
                report.parts[i].runDir = choices[i]->label.toStdString(); // zero-shot: no folder
            storeRunIds.push_back(choices[i]->storeRunId);
        }
        if (!storePath.isEmpty()) {
            store::StoreOptions so;
            so.readOnly = true;
            store::Store st(storePath.toStdString(), so);
            api::addStoreNotes(report, st, storeRunIds);
        }
        emit reported(requestId, QString::fromStdString(api::userReportHtml(report)));
    } catch (const std::exception& e) {
        emit failed(requestId, QString::fromUtf8(e.what()));
    }
}

void TrainedRunWorker::findDisagreement(quint64 requestId, const RunChoices& runs, const QStringList& users,
                                        const QString& storePath)
{
    for (int i = 0; i < users.size(); ++i) {
        if (requestId <= m_cancelUpTo->load()) {
            emit failed(requestId, tr("Cancelled after %1 of %2 users.").arg(i).arg(users.size()));
            return;
        }
        emit searching(requestId, users[i], i, int(users.size()));
        const ColumnPredictions p = predictAll(runs, users[i], storePath);
        for (const ColumnPrediction& c : p)
            if (!c.ok) {
                emit failed(requestId, tr("User %1: %2").arg(users[i], c.error));
                return;
            }
        if (predictionsDisagree(p)) {
            emit disagreement(requestId, users[i], p);
            return;
        }
    }
    emit disagreement(requestId, QString(), {});
}

TrainedRunService::TrainedRunService(QObject* parent, std::size_t maxOpenRuns)
    : QObject(parent)
{
    qRegisterMetaType<persona::ui::RunChoice>();
    qRegisterMetaType<persona::ui::RunChoices>();
    qRegisterMetaType<persona::ui::InspectResult>();
    qRegisterMetaType<persona::ui::ColumnPredictions>();
    qRegisterMetaType<persona::ui::UserPredictions>();
    qRegisterMetaType<persona::ui::ExplainResult>();
    qRegisterMetaType<persona::api::UserPredictionView>();
    auto* worker = new TrainedRunWorker(&m_cancelUpTo, maxOpenRuns);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &TrainedRunService::inspectRequested, worker, &TrainedRunWorker::inspect, Qt::QueuedConnection);
    connect(this, &TrainedRunService::predictRequested, worker, &TrainedRunWorker::predict, Qt::QueuedConnection);
    connect(this, &TrainedRunService::searchRequested, worker, &TrainedRunWorker::findDisagreement, Qt::QueuedConnection);
    connect(this, &TrainedRunService::usersRequested, worker, &TrainedRunWorker::predictUsers, Qt::QueuedConnection);
    connect(this, &TrainedRunService::explainRequested, worker, &TrainedRunWorker::explain, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::explained, this, [this](quint64 id, const ExplainResult& r) {
        if (id != m_pendingExplain)
            return;
        m_pendingExplain = 0;
        emit explained(r);
    }, Qt::QueuedConnection);
    connect(this, &TrainedRunService::inputRequested, worker, &TrainedRunWorker::describeInput, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::inputDescribed, this, [this](quint64 id, const api::UserPredictionView& v) {
        if (id != m_pendingInput)
            return;
        m_pendingInput = 0;
        emit inputDescribed(v);
    }, Qt::QueuedConnection);
    connect(this, &TrainedRunService::reportRequested, worker, &TrainedRunWorker::report, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::reported, this, [this](quint64 id, const QString& html) {
        if (id != m_pendingReport)
            return;
        m_pendingReport = 0;
        emit reported(html);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::usersPredicted, this, [this](quint64 id, const UserPredictions& p) {
        if (id != m_pendingPredict)
            return;
        m_pendingPredict = 0;
        emit usersPredicted(p);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::inspected, this, [this](quint64 id, const InspectResult& r) {
        if (id != m_pendingInspect)
            return;
        m_pendingInspect = 0;
        emit inspected(r);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::predicted, this, [this](quint64 id, const ColumnPredictions& p) {
        if (id != m_pendingPredict)
            return;
        m_pendingPredict = 0;
        emit predicted(p);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::searching, this, [this](quint64 id, const QString& user, int done, int total) {
        if (id == m_pendingPredict)
            emit searching(user, done, total);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::disagreement, this, [this](quint64 id, const QString& user, const ColumnPredictions& p) {
        if (id != m_pendingPredict)
            return;
        m_pendingPredict = 0;
        emit disagreementFound(user, p);
    }, Qt::QueuedConnection);
    connect(worker, &TrainedRunWorker::failed, this, [this](quint64 id, const QString& message) {
        if (id == m_pendingInspect) {
            m_pendingInspect = 0;
            emit inspectFailed(message);
        } else if (id == m_pendingPredict) {
            m_pendingPredict = 0;
            emit predictFailed(message);
        } else if (id == m_pendingExplain) {
            m_pendingExplain = 0;
            emit explainFailed(m_explainTag, message);
        } else if (id == m_pendingReport) {
            m_pendingReport = 0;
            emit reportFailed(message);
        } else if (id == m_pendingInput) {
            m_pendingInput = 0;
            emit inputFailed(message);
        }
    }, Qt::QueuedConnection);
    m_thread.setObjectName(QStringLiteral("trained-run"));
    m_thread.start();
}

TrainedRunService::~TrainedRunService()
{
    m_cancelUpTo = m_last;
    m_thread.quit();
    m_thread.wait();
}

void TrainedRunService::inspect(const RunChoice& run, const QString& user, int k, int checkpointStep)
{
    m_pendingInspect = ++m_last;
    emit inspectRequested(m_pendingInspect, run, user, k, checkpointStep);
}

void TrainedRunService::predict(const RunChoices& runs, const QString& user, const QString& storePath)
{
    m_cancelUpTo = m_last; // a search still running for an older request stops
    m_pendingPredict = ++m_last;
    emit predictRequested(m_pendingPredict, runs, user, storePath);
}

void TrainedRunService::predictUsers(const RunChoice& run, const QStringList& users)
{
    m_cancelUpTo = m_last;
    m_pendingPredict = ++m_last;
    emit usersRequested(m_pendingPredict, run, users);
}

void TrainedRunService::explain(const RunChoice& run, const QString& user, int tag)
{
    m_pendingExplain = ++m_last;
    m_explainTag = tag;
    emit explainRequested(m_pendingExplain, run, user, tag);
}

void TrainedRunService::report(const RunChoices& runs, const QString& user, const QString& storePath)
{
    m_pendingReport = ++m_last;
    emit reportRequested(m_pendingReport, runs, user, storePath);
}

void TrainedRunService::describeInput(const RunChoice& run, const QString& user)
{
    m_pendingInput = ++m_last;
    emit inputRequested(m_pendingInput, run, user);
}

void TrainedRunService::findDisagreement(const RunChoices& runs, const QStringList& users, const QString& storePath)
{
    m_cancelUpTo = m_last; // a search still running for an older request stops
    m_pendingPredict = ++m_last;
    emit searchRequested(m_pendingPredict, runs, users, storePath);
}

} // namespace persona::ui
