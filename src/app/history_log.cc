#include "app/history_log.h"

#include "app/maintenance.h"

namespace followup::app {

Status record_change(Transaction& tx, const Session& session, std::string entity, std::string action,
                     const nlohmann::json& before, const nlohmann::json& after) {
  HistoryEvent event;
  event.actor = session.principal.user;
  event.at = session.clock.now_utc();
  event.entity = std::move(entity);
  event.action = std::move(action);
  event.before = before.dump();
  event.after = after.dump();
  auto appended = tx.append_history(event);
  if (!appended) return appended.error();
  return {};
}

Result<VerifyReport> verify_history(const Session& session, const HistoryKey& key,
                                    std::optional<std::string_view> head) {
  // A chain read from damaged pages proves nothing; SQLite's check comes first.
  if (auto st = require_undamaged(session); !st) return st.error();
  return session.store.verify(key, head);
}

}  // namespace followup::app
