#include "app/history_log.h"

#include "app/maintenance.h"

namespace followup::app {

Status record_change(Transaction& tx, const Session& session, std::string entity, std::string action,
                     const nlohmann::json& before, const nlohmann::json& after) {
  HistoryEvent event;
  event.actor = session.actor;
  event.at = session.clock.now_utc();
  event.entity = std::move(entity);
  event.action = std::move(action);
  event.before = before.dump();
  event.after = after.dump();
  auto appended = tx.append_history(event);
  if (!appended) return appended.error();
  return {};
}

Result<std::optional<HistoryFault>> verify_history(const Session& session) {
  // A chain read from damaged pages proves nothing; SQLite's check comes first.
  if (auto st = require_undamaged(session); !st) return st.error();
  std::optional<HistoryFault> fault;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto entries = tx.history(std::nullopt);
    if (!entries) return entries.error();
    fault = verify_history_chain(*entries);
    return {};
  });
  if (!st) return st.error();
  return fault;
}

}  // namespace followup::app
