// The SQLite backend: one database file in WAL mode with foreign keys on and
// synchronous=FULL, so a committed transaction survives a crash or a power
// cut; its SQL is the SQL layer's (storage/sql/). open_store picks it for
// "sqlite:PATH" and bare paths.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "storage/sql/sql_store.h"
#include "storage/store.h"

namespace followup {

// What the store's SQL runs on (storage/sql/sql_store.h): empty in
// production; tests wrap each connection to inject faults.
using ConnectionWrapper = sql::ConnectionWrapper;

// Opens the store in the file at `path`, creating the file and its folders
// when missing and applying any pending migrations, each in its own
// transaction (a new store's all in one). Errors as for open_store.
//
// Writes go through one connection, a transaction at a time; each read
// (Store::read) runs on a connection of its own from a small pool, which
// in WAL mode reads the last commit without waiting for the writer.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const OpenOptions& options,
                                                 ConnectionWrapper wrap = {});

// The schema version this binary writes (the newest migration it knows).
int sqlite_schema_version();

}  // namespace followup
