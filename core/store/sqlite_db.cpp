#include "core/store/sqlite_db.h"

#include "core/common/crash_point.h"

#include <sqlite3.h>

#include <cassert>
#include <cmath>
#include <system_error>

namespace persona::store {

std::string describeSqliteError(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "the database is locked by another connection or process";
    case SQLITE_FULL:
        return "the disk is full (or the store reached its size limit)";
    case SQLITE_READONLY:
        return "the store is read-only (file permissions or a read-only open)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return "the file is corrupted or is not an experiment store";
    case SQLITE_CANTOPEN:
        return "the file cannot be opened (missing folder or permission denied)";
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return "permission denied";
    case SQLITE_IOERR:
        return "an I/O error occurred";
    case SQLITE_CONSTRAINT:
        return "a constraint failed";
    default:
        return sqlite3_errstr(rc);
    }
}

// ---- Database ---------------------------------------------------------------------------------

namespace {

// The statement for an error message: its first words are enough to tell which one failed.
std::string shortSql(std::string_view sql)
{
    constexpr std::size_t kMax = 48;
    return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

// Refuses what is not a regular file before SQLite opens it. Only metadata is read here: opening
// and closing the file with a descriptor of our own would drop every POSIX lock this process holds
// on it (close() releases them all), so another of the process's connections to the store would
// lose its locks and another process could checkpoint and delete the WAL under it.
void checkIsFile(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return;
    if (!std::filesystem::is_regular_file(path, ec))
        throw StoreError(path.string() + ": not a regular file");
}

// The URI of `path` opened immutable: '%', '?' and '#' are escaped (SQLite decodes %HH).
std::string immutableUri(const std::filesystem::path& path)
{
    std::string uri = "file:";
    for (unsigned char c : std::filesystem::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#') {
            static constexpr char kHex[] = "0123456789ABCDEF";
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + "?immutable=1";
}

// Whether the store's write-ahead log holds pages not yet copied into the main file.
bool hasPendingWal(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path.string() + "-wal", ec);
    return !ec && size > 0;
}

} // namespace

int Database::open(int flags, const std::string& name)
{
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw StoreError(m_path.string() + ": cannot open the store: " + describeSqliteError(rc) + " (" + detail + ")");
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
    // A foreign file: SQLite reads the header at the first statement and answers SQLITE_NOTADB
    // without writing anything (an empty file is a new database). Other failures surface with the
    // statements that follow, each with its own message.
    return sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
}

Database::Database(const std::filesystem::path& path, const Options& options)
    : m_path(path), m_busyTimeoutMs(options.busyTimeoutMs), m_owner(std::this_thread::get_id())
{
    checkIsFile(path);
    int flags = SQLITE_OPEN_NOMUTEX; // one connection per thread: no SQLite-side mutex needed
    if (options.readOnly)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    int check = open(flags, path.string());
    const int primary = check & 0xff;
    if (options.readOnly && (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)) {
        // A WAL store in a folder this user cannot write: SQLite cannot create the -shm file it
        // needs even to read. With no pending log the main file is the whole store, so reading it
        // immutable is exact; with one, reading would silently miss its last commits.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        if (hasPendingWal(path))
            throw StoreError(path.string() + ": cannot be opened read-only here: its write-ahead log (" +
                             path.filename().string() + "-wal) holds changes not yet in the store file and "
                             "SQLite cannot create the shared-memory file it needs in this folder. Open it "
                             "once where its folder can be written (any open completes the log), or copy "
                             "the store with its -wal file to a writable folder");
        check = open(SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, immutableUri(path));
        m_immutable = true;
    }
    if ((check & 0xff) == SQLITE_NOTADB) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw StoreError(atOffset(path.string(), 0,
                                  "not an experiment store: the SQLite header is missing, the file is corrupted "
                                  "or of another kind; it was left untouched"));
    }
}

Database::~Database()
{
    // close_v2 defers the close until every statement is finalized; all Statements are RAII.
    sqlite3_close_v2(m_db);
}

bool Database::isReadOnly() const
{
    return sqlite3_db_readonly(m_db, "main") == 1;
}

void Database::checkThread() const
{
    assert(std::this_thread::get_id() == m_owner && "a store connection is used from another thread");
}

void Database::fail(int rc, std::string_view what) const
{
    const int primary = rc & 0xff;
    m_lastFailure = rc;
    std::string message = m_path.string() + ": " + describeSqliteError(rc);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        message += " (waited " + std::to_string(m_busyTimeoutMs) + " ms)";
    message += " while " + std::string(what);
    const char* detail = m_db ? sqlite3_errmsg(m_db) : nullptr;
    if (detail && *detail && describeSqliteError(rc) != detail)
        message += " [sqlite: " + std::string(detail) + "]";
    if (primary == SQLITE_FULL || primary == SQLITE_BUSY || primary == SQLITE_READONLY)
        message += "; the change was rolled back and data already stored is intact";
    throw StoreError(message);
}

int Database::lastFailure() const
{
    return m_lastFailure;
}

void Database::execScript(std::string_view sql)
{
    checkThread();
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK)
        fail(rc, "running \"" + shortSql(sql) + "\"");
}

std::int64_t Database::scalarInt(std::string_view sql)
{
    Statement st(*this, sql);
    if (!st.step())
        throw StoreError(m_path.string() + ": '" + std::string(sql) + "' returned no row");
    return st.columnInt(0);
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

// ---- Statement --------------------------------------------------------------------------------

Statement::Statement(Database& db, std::string_view sql) : m_db(db)
{
    db.checkThread();
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, "preparing \"" + shortSql(sql) + "\"");
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_db.fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    const int rc = std::isnan(value) ? sqlite3_bind_null(m_stmt, index) : sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_db.fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    const int rc = sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        m_db.fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        m_db.fail(rc, "binding parameter " + std::to_string(index));
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const std::string sql = sqlite3_sql(m_stmt) ? sqlite3_sql(m_stmt) : "";
    sqlite3_reset(m_stmt);
    m_db.fail(rc, "running \"" + shortSql(sql) + "\"");
}

void Statement::exec()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::columnDouble(int column) const
{
    return isNull(column) ? std::nan("") : sqlite3_column_double(m_stmt, column);
}

std::string Statement::columnText(int column) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int bytes = sqlite3_column_bytes(m_stmt, column);
    return text ? std::string(text, static_cast<std::size_t>(bytes)) : std::string();
}

std::optional<std::int64_t> Statement::columnOptInt(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return columnInt(column);
}

std::optional<double> Statement::columnOptDouble(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return sqlite3_column_double(m_stmt, column);
}

// ---- Transaction ------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : m_db(db)
{
    // Inside another transaction this becomes a savepoint, so store calls compose (an import is
    // one transaction made of many record writes).
    m_nested = sqlite3_get_autocommit(db.handle()) == 0;
    m_db.execScript(m_nested ? "SAVEPOINT persona_tx" : "BEGIN IMMEDIATE");
    m_open = true;
}

Transaction::~Transaction()
{
    if (!m_open)
        return;
    if (m_nested)
        sqlite3_exec(m_db.handle(), "ROLLBACK TO persona_tx; RELEASE persona_tx", nullptr, nullptr, nullptr);
    else if (sqlite3_get_autocommit(m_db.handle()) == 0) // a failed COMMIT may have rolled back already
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    if (!m_nested)
        crashPoint("store-commit"); // every statement of the transaction ran, COMMIT has not
    m_db.execScript(m_nested ? "RELEASE persona_tx" : "COMMIT");
    m_open = false;
}

} // namespace persona::store
