#include "app/maintenance.h"

namespace followup::app {

Result<std::vector<std::string>> store_problems(const Session& session) {
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
  return session.store.backup_to(path);
}

}  // namespace followup::app
