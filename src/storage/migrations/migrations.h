// The numbered schema migrations a backend applies in order. Internal to
// storage: the SQL text is embedded into the binary at build time from the
// .sql files beside this header (embed_migrations.cmake), so a store never
// depends on files found at run time.
#pragma once

#include <span>
#include <string_view>

namespace followup::storage_detail {

struct Migration {
  int version = 0;        // 1, 2, 3... with no gaps
  std::string_view name;  // the file name without ".sql": "0001_initial"
  std::string_view sql;   // one script, applied in one transaction
};

// SQLite's migrations, by version.
std::span<const Migration> sqlite_migrations();

}  // namespace followup::storage_detail
