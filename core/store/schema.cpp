#include "core/store/schema.h"

#include <string>
#include <vector>

namespace persona::store {
namespace {

struct Migration {
    int version;
    const char* sql;
};

// Version 1: the first schema. Later versions append a Migration; never edit a shipped one.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    checksum TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (path, checksum)
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    seed INTEGER NOT NULL DEFAULT 0,
    split TEXT NOT NULL DEFAULT '',
    dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted')),
    device TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    ended_at INTEGER,
    code_version TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    last_step INTEGER,
    checkpoint_artifact_id INTEGER REFERENCES artifacts(id) ON DELETE SET NULL,
    checkpoint_step INTEGER,
    pid INTEGER,
    host TEXT,
    process_start INTEGER
);
CREATE INDEX runs_by_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_by_status ON runs (status);
CREATE INDEX runs_by_dataset ON runs (dataset_id);
CREATE INDEX runs_by_checkpoint ON runs (checkpoint_artifact_id);
CREATE TABLE metric_points (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;
CREATE TABLE predictions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    output TEXT NOT NULL DEFAULT '',
    genres TEXT NOT NULL DEFAULT '[]',
    metrics TEXT NOT NULL DEFAULT '{}',
    input_tokens INTEGER,
    latency_ms REAL,
    note TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX predictions_by_run ON predictions (run_id, user_id);
CREATE TABLE artifacts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL DEFAULT '',
    step INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX artifacts_by_run ON artifacts (run_id);
CREATE TABLE embedding_cache (
    encoder_hash TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    path TEXT NOT NULL,
    offset INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (encoder_hash, text_hash)
) WITHOUT ROWID;
CREATE TABLE bo_trials (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    trial_index INTEGER NOT NULL,
    config TEXT NOT NULL,
    objectives TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, trial_index)
) WITHOUT ROWID;
)sql";

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> list = {{1, kSchemaV1}};
    return list;
}

} // namespace

int readSchemaVersion(Database& db)
{
    return static_cast<int>(db.scalarInt("PRAGMA user_version"));
}

void refuseNewerSchema(const Database& db, int version)
{
    if (version > kSchemaVersion)
        throw StoreError(db.path().string() + ": the store has schema version " + std::to_string(version) +
                         ", newer than this build understands (" + std::to_string(kSchemaVersion) +
                         "); it was written by a newer Persona Workbench and was left untouched");
    if (version < 0)
        throw StoreError(db.path().string() + ": invalid schema version " + std::to_string(version) +
                         "; the file is not an experiment store and was left untouched");
}

void migrate(Database& db)
{
    int version = readSchemaVersion(db);
    refuseNewerSchema(db, version);
    if (version == kSchemaVersion)
        return;
    if (db.isReadOnly())
        throw StoreError(db.path().string() + ": the store has schema version " + std::to_string(version) +
                         " and needs migrating to " + std::to_string(kSchemaVersion) +
                         ", which a read-only open cannot do");
    for (const Migration& m : migrations()) {
        Transaction tx(db);
        // Read again under the write lock: another process may have migrated meanwhile.
        version = readSchemaVersion(db);
        refuseNewerSchema(db, version);
        if (m.version <= version)
            continue;
        try {
            db.execScript(m.sql);
            db.execScript("PRAGMA user_version = " + std::to_string(m.version));
            tx.commit();
        } catch (const StoreError& e) {
            // The transaction rolls back: the file stays at the version it had.
            throw StoreError(std::string(e.what()) + " (migrating the store from schema version " +
                             std::to_string(version) + " to " + std::to_string(m.version) + "; rolled back)");
        }
    }
}

} // namespace persona::store
