// Store: opening (header check, schema refusal, WAL, migrations) and the run lifecycle.
#include "core/store/store.h"

#include "core/common/log.h"
#include "core/store/schema.h"
#include "core/common/enum_names.h"

#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <cerrno>
#include <unistd.h>

namespace persona::store {

namespace {
constexpr EnumName<RunStatus> kRunStatusNames[] = {
    {RunStatus::Queued, "queued"}, {RunStatus::Running, "running"},     {RunStatus::Finished, "finished"},
    {RunStatus::Failed, "failed"}, {RunStatus::Cancelled, "cancelled"}, {RunStatus::Interrupted, "interrupted"}};
} // namespace

const char* runStatusName(RunStatus status)
{
    return enumName(kRunStatusNames, status);
}

RunStatus runStatusFromName(const std::string& name)
{
    if (const auto s = enumFromName(kRunStatusNames, name))
        return *s;
    throw StoreError("unknown run status '" + name + "'");
}

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ---- process identity -------------------------------------------------------------------------

namespace {

// Reads the state (field 3) and start time (field 22) of /proc/<pid>/stat. The command name in
// field 2 may hold spaces and parentheses, so parsing starts after the last ')'.
bool readProcStat(std::int64_t pid, char& state, std::int64_t& startTicks)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!in || !std::getline(in, line))
        return false;
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return false;
    std::istringstream rest(line.substr(close + 1));
    std::string field;
    rest >> state;
    for (int i = 4; i < 22 && rest >> field; ++i) {
    }
    return static_cast<bool>(rest >> startTicks);
}

} // namespace

ProcessIdentity currentProcess()
{
    ProcessIdentity id;
    id.pid = static_cast<std::int64_t>(::getpid());
    char host[256] = {};
    if (::gethostname(host, sizeof(host) - 1) == 0)
        id.host = host;
    char state = 0;
    if (!readProcStat(id.pid, state, id.startTicks))
        id.startTicks = 0;
    return id;
}

bool isProcessAlive(std::int64_t pid, std::int64_t startTicks)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
        return false;
    char state = 0;
    std::int64_t ticks = 0;
    if (!readProcStat(pid, state, ticks))
        return true; // no /proc: trust kill()
    if (state == 'Z' || state == 'X')
        return false; // killed, not yet reaped
    return startTicks == 0 || ticks == startTicks;
}

// ---- opening ----------------------------------------------------------------------------------

std::filesystem::path Store::defaultPath()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".local" / "share";
    else
        base = std::filesystem::current_path();
    return base / "persona-workbench" / "store.sqlite";
}

Store::Store(const std::filesystem::path& path, const StoreOptions& options)
{
    if (!options.readOnly && path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            throw StoreError(path.string() + ": cannot create the folder " + path.parent_path().string() + ": " +
                             ec.message());
    }
    if (options.readOnly && !std::filesystem::exists(path))
        throw StoreError(path.string() + ": no such store (a read-only open does not create one)");
    Database::Options dbOptions;
    dbOptions.readOnly = options.readOnly;
    dbOptions.busyTimeoutMs = options.busyTimeoutMs;
    m_db = std::make_unique<Database>(path, dbOptions);
    if (m_db->isImmutable())
        log::warning(path.string() + ": its folder cannot be written, so the store is read as it is now "
                     "(SQLite's immutable mode): runs other programs add or change while it is open are not "
                     "seen until it is opened again");

    // Refuse a newer schema before anything writes to the file (setting WAL writes the header).
    refuseNewerSchema(*m_db, readSchemaVersion(*m_db));
    // Make SQLite parse the schema now, so a corrupted catalogue fails here with a clear message.
    m_db->scalarInt("SELECT count(*) FROM sqlite_master");
    if (!options.readOnly && m_db->isReadOnly())
        throw StoreError(path.string() + ": the store file is read-only (permission denied); nothing was "
                         "changed. Open it read-only to browse it, or fix its permissions");
    m_db->execScript("PRAGMA foreign_keys = ON");
    if (!options.readOnly) {
        // WAL: readers (the GUI) never block the writer (training), and a killed writer leaves the
        // last committed transaction intact. NORMAL sync is safe against process crashes.
        Statement wal(*m_db, "PRAGMA journal_mode = WAL");
        if (!wal.step() || wal.columnText(0) != "wal")
            log::warning(path.string() + ": could not switch the store to WAL mode");
        m_db->execScript("PRAGMA synchronous = NORMAL");
    }
    migrate(*m_db);
    if (!options.readOnly && options.markInterrupted) {
        try {
            markDeadRunsInterrupted();
        } catch (const StoreError& e) {
            // Another writer holding the lock must not stop the GUI from opening; anything else
            // (a corrupted runs table) must.
            const int rc = m_db->lastFailure() & 0xff;
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                throw;
            log::warning(std::string("could not mark interrupted runs: ") + e.what());
        }
    }
}

Store::~Store() = default;

int Store::schemaVersion()
{
    return readSchemaVersion(*m_db);
}

std::vector<std::string> Store::integrityCheck()
{
    std::vector<std::string> out;
    Statement st(*m_db, "PRAGMA integrity_check");
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

// ---- runs -------------------------------------------------------------------------------------

namespace {

constexpr const char* kRunColumns =
    "id, name, method, config, seed, split, dataset_id, status, device, created_at, started_at, ended_at, "
    "code_version, error, last_step, checkpoint_artifact_id, checkpoint_step, pid, host";

RunRecord readRun(const Statement& st, const std::filesystem::path& file)
{
    RunRecord r;
    r.id = st.columnInt(0);
    r.name = st.columnText(1);
    r.method = st.columnText(2);
    r.config = nlohmann::json::parse(st.columnText(3), nullptr, false);
    if (r.config.is_discarded())
        throw StoreError(file.string() + ": run " + std::to_string(r.id) + " has a config that is not JSON");
    r.seed = st.columnInt(4);
    r.split = st.columnText(5);
    r.datasetId = st.columnOptInt(6);
    r.status = runStatusFromName(st.columnText(7));
    r.device = st.columnText(8);
    r.createdAt = st.columnInt(9);
    r.startedAt = st.columnOptInt(10);
    r.endedAt = st.columnOptInt(11);
    r.codeVersion = st.columnText(12);
    r.error = st.columnText(13);
    r.lastStep = st.columnOptInt(14);
    r.checkpointArtifactId = st.columnOptInt(15);
    r.checkpointStep = st.columnOptInt(16);
    r.pid = st.columnOptInt(17);
    r.host = st.columnText(18);
    return r;
}

} // namespace

std::int64_t Store::createRun(const NewRun& run)
{
    Statement st(*m_db, "INSERT INTO runs (name, method, config, seed, split, dataset_id, device, code_version, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, run.name).bind(2, run.method).bind(3, run.config.dump()).bind(4, run.seed).bind(5, run.split);
    st.bind(6, run.datasetId).bind(7, run.device).bind(8, run.codeVersion).bind(9, nowMs());
    st.exec();
    return m_db->lastInsertId();
}

void Store::markRunning(std::int64_t runId, const std::string& device)
{
    const ProcessIdentity me = currentProcess();
    Statement st(*m_db,
                 "UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?1), ended_at = NULL, "
                 "error = '', pid = ?2, host = ?3, process_start = ?4, "
                 "device = CASE WHEN ?5 = '' THEN device ELSE ?5 END WHERE id = ?6 AND "
                 "(status IN ('queued', 'interrupted', 'cancelled', 'failed') OR "
                 "(status = 'running' AND pid = ?2 AND host = ?3))");
    st.bind(1, nowMs()).bind(2, me.pid).bind(3, me.host).bind(4, me.startTicks).bind(5, device).bind(6, runId);
    st.exec();
    if (m_db->changes() == 1)
        return;
    const RunRecord r = run(runId);
    throw StoreError(path().string() + ": run " + std::to_string(runId) + " is " + runStatusName(r.status) +
                     (r.status == RunStatus::Running
                          ? " in process " + std::to_string(r.pid.value_or(0)) + " on " + r.host
                          : std::string()) +
                     " and cannot be started");
}

void Store::setStatus(std::int64_t runId, RunStatus status, const std::string& error, bool setEnded)
{
    Statement st(*m_db, "UPDATE runs SET status = ?1, error = ?2, ended_at = CASE WHEN ?3 THEN ?4 ELSE ended_at END "
                        "WHERE id = ?5 AND status IN ('queued', 'running')");
    st.bind(1, runStatusName(status)).bind(2, error).bind(3, setEnded ? 1 : 0).bind(4, nowMs()).bind(5, runId);
    st.exec();
    if (m_db->changes() == 1)
        return;
    const RunRecord r = run(runId);
    throw StoreError(path().string() + ": run " + std::to_string(runId) + " is " + runStatusName(r.status) +
                     " and cannot become " + runStatusName(status));
}

void Store::markFinished(std::int64_t runId)
{
    setStatus(runId, RunStatus::Finished, {}, true);
}

void Store::markFailed(std::int64_t runId, const std::string& error)
{
    setStatus(runId, RunStatus::Failed, error, true);
}

void Store::markCancelled(std::int64_t runId)
{
    setStatus(runId, RunStatus::Cancelled, {}, true);
}

int Store::markDeadRunsInterrupted()
{
    const ProcessIdentity me = currentProcess();
    std::vector<std::pair<std::int64_t, std::int64_t>> dead; // run id, pid
    {
        // Look first without the write lock, so an open next to a busy writer does not wait.
        Statement st(*m_db, "SELECT id, pid, process_start FROM runs WHERE status = 'running' AND host = ?");
        st.bind(1, me.host);
        while (st.step())
            if (!isProcessAlive(st.columnInt(1), st.columnInt(2)))
                dead.emplace_back(st.columnInt(0), st.columnInt(1));
    }
    if (dead.empty())
        return 0;
    Transaction tx(*m_db);
    Statement upd(*m_db, "UPDATE runs SET status = 'interrupted', ended_at = ?, error = ? "
                         "WHERE id = ? AND status = 'running' AND pid = ?");
    int marked = 0;
    for (const auto& [id, pid] : dead) {
        upd.bind(1, nowMs()).bind(2, "process " + std::to_string(pid) + " on " + me.host +
                                         " ended without finishing the run");
        upd.bind(3, id).bind(4, pid);
        upd.exec();
        marked += m_db->changes();
        upd.reset();
    }
    tx.commit();
    return marked;
}

std::optional<RunRecord> Store::findRun(std::int64_t runId)
{
    Statement st(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
    st.bind(1, runId);
    if (!st.step())
        return std::nullopt;
    return readRun(st, path());
}

RunRecord Store::run(std::int64_t runId)
{
    auto r = findRun(runId);
    if (!r)
        throw StoreError(path().string() + ": no run with id " + std::to_string(runId));
    return *r;
}

std::vector<RunRecord> Store::listRuns(std::size_t limit)
{
    std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY created_at DESC, id DESC";
    if (limit > 0)
        sql += " LIMIT " + std::to_string(limit);
    Statement st(*m_db, sql);
    std::vector<RunRecord> out;
    while (st.step())
        out.push_back(readRun(st, path()));
    return out;
}

void Store::deleteRun(std::int64_t runId)
{
    Transaction tx(*m_db);
    {
        // A run still training would lose its work at its next write (its rows are gone): refuse.
        Statement st(*m_db, "SELECT status, pid, host FROM runs WHERE id = ?");
        st.bind(1, runId);
        if (!st.step())
            throw StoreError(path().string() + ": no run with id " + std::to_string(runId));
        if (st.columnText(0) == "running")
            throw StoreError(path().string() + ": run " + std::to_string(runId) + " is running (process " +
                             std::to_string(st.columnInt(1)) + " on " + st.columnText(2) +
                             "); cancel it or wait for it to end before deleting it");
    }
    Statement st(*m_db, "DELETE FROM runs WHERE id = ?");
    st.bind(1, runId);
    st.exec();
    if (m_db->changes() != 1)
        throw StoreError(path().string() + ": no run with id " + std::to_string(runId));
    tx.commit();
}

} // namespace persona::store
