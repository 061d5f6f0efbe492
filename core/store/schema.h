// The store's schema and its versioned migrations (PRAGMA user_version). Each migration runs in
// one transaction and is rolled back whole if any statement fails. Leaves out the records' API.
#pragma once

#include "core/store/sqlite_db.h"

namespace persona::store {

// The schema version this build writes. A file with a larger user_version is refused.
inline constexpr int kSchemaVersion = 1;

// Reads PRAGMA user_version. Throws StoreError (corrupted file) if SQLite cannot read page 1.
int readSchemaVersion(Database& db);

// Throws StoreError naming the file when `version` is newer than this build understands; the file
// is not touched.
void refuseNewerSchema(const Database& db, int version);

// Brings the file from its version to kSchemaVersion, one transaction per step. A read-only
// connection to an older file throws StoreError (it cannot be migrated).
void migrate(Database& db);

} // namespace persona::store
