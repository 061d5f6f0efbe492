// A thin RAII layer over one SQLite connection: Database (the connection), Statement (a prepared
// statement) and Transaction (BEGIN/COMMIT with rollback on unwind). Every SQLite failure becomes
// a StoreError naming the file and saying what happened in words (locked, full disk, read-only,
// corrupted). Leaves out the schema and the records (schema.h, store.h).
#pragma once

#include "core/common/error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace persona::store {

class Database;

// A prepared statement. Bind indices start at 1, column indices at 0. Not copyable; reset() lets
// one statement run many times (the fast path for batched inserts).
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value); // NaN is stored as NULL by SQLite
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Runs one step: true when a row is ready, false when done. Throws StoreError on failure.
    bool step();
    // Runs to completion (for statements that return no rows).
    void exec();
    void reset(); // also clears the bindings

    bool isNull(int column) const;
    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<std::int64_t> columnOptInt(int column) const;
    std::optional<double> columnOptDouble(int column) const;

private:
    Database& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// One connection to one store file. Use it only on the thread that opened it (one connection per
// thread, as SQLite and the style guide want); open another Database for another thread.
class Database {
public:
    struct Options {
        bool readOnly = false;
        bool create = true;
        int busyTimeoutMs = 5000;
    };

    // Opens (and with create, makes) the file. Checks the header of an existing non-empty file
    // before SQLite touches it. Throws StoreError naming the file.
    Database(const std::filesystem::path& path, const Options& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    bool isReadOnly() const;
    // A read-only open of a store whose folder cannot be written (SQLite cannot make the WAL's
    // shared-memory file there) falls back to SQLite's immutable mode when the store has no
    // pending write-ahead log: nothing is locked or written, and changes another program makes
    // while it is open are not seen (reopen to see them).
    bool isImmutable() const { return m_immutable; }
    sqlite3* handle() { return m_db; }

    // Runs SQL without results (several statements allowed). For schema and pragmas only; data
    // goes through Statement.
    void execScript(std::string_view sql);
    std::int64_t scalarInt(std::string_view sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    int busyTimeoutMs() const { return m_busyTimeoutMs; }

    // Turns the connection's current error (code rc) into a StoreError about `what`.
    [[noreturn]] void fail(int rc, std::string_view what) const;
    void checkThread() const;
    int lastFailure() const; // the SQLite result code of the last StoreError thrown by fail()

private:
    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    int m_busyTimeoutMs = 0;
    std::thread::id m_owner;
    mutable int m_lastFailure = 0;
    bool m_immutable = false;

    int open(int flags, const std::string& name);
};

// BEGIN IMMEDIATE ... COMMIT; rolls back if destroyed before commit() (an exception unwinding).
// IMMEDIATE takes the write lock up front so a busy store fails at the start, not half way.
// Opened inside another transaction it is a SAVEPOINT that the outer one commits or rolls back.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_open = false;
    bool m_nested = false;
};

// Words for an SQLite result code as users meet it ("the database is locked by another process").
std::string describeSqliteError(int rc);

} // namespace persona::store
