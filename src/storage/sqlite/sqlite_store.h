// The SQLite backend: one database file in WAL mode with foreign keys on and
// synchronous=FULL, so a committed transaction survives a crash or a power
// cut. open_store picks it for "sqlite:PATH" and bare paths.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/store.h"

namespace followup {

// Opens the store in the file at `path`, creating the file and its folders
// when missing and applying any pending migrations, each in its own
// transaction. Errors as for open_store.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const OpenOptions& options);

// The schema version this binary writes (the newest migration it knows).
int sqlite_schema_version();

}  // namespace followup
