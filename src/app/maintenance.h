// Looking after the store itself: checking its file for damage and backing
// it up. Neither needs a role: they act on the file, and whoever can read
// the file can copy it (docs/storage.md, "Damage and backups").
#pragma once

#include <string>
#include <vector>

#include "app/session.h"

namespace followup::app {

// Every problem SQLite's full integrity and foreign-key checks find in the
// store; empty when none. data_loss when the file cannot be checked at all.
Result<std::vector<std::string>> store_problems(const Session& session);

// ok when store_problems finds nothing; else data_loss naming every problem.
Status require_undamaged(const Session& session);

// Writes a checked copy of the store to the new file `path` (Store::backup_to).
Status back_up_store(const Session& session, const std::string& path);

}  // namespace followup::app
