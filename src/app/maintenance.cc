#include "app/maintenance.h"

#include "app/users.h"

namespace followup::app {

namespace {

// Every command names a known user, maintenance included (any role).
Status require_known_user(const Session& session) {
  return session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    return {};
  });
}

}  // namespace

Result<std::vector<std::string>> store_problems(const Session& session) {
  if (auto st = require_known_user(session); !st) {
    // A store too damaged to read its users is damaged, whoever asks.
    if (st.error().code != ErrorCode::permission_denied) return session.store.integrity_problems();
    return st.error();
  }
  return session.store.integrity_problems();
}

Status require_undamaged(const Session& session) {
  auto problems = store_problems(session);
  if (!problems) return problems.error();
  if (problems->empty()) return {};
  std::string all;
  for (const auto& problem : *problems) all += (all.empty() ? "" : "; ") + problem;
  return damaged_store_error(all);
}

Status back_up_store(const Session& session, const std::string& path) {
  if (path.empty()) return make_error(ErrorCode::invalid_argument, "the backup's file name is empty");
  if (auto st = require_known_user(session); !st) return st;
  return session.store.backup_to(path);
}

}  // namespace followup::app
