#include "app/calendar.h"

#include <algorithm>
#include <tuple>

#include "app/users.h"
#include "core/workflow.h"
#include "render/ical.h"
#include "util/password.h"
#include "util/sha256.h"

namespace followup::app {

namespace {

bool acts_for(const User& u, const std::string& unit) {
  return has_role(u, Role::unit) && std::find(u.units.begin(), u.units.end(), unit) != u.units.end();
}

// Whether `actor` may create or revoke a feed of this kind and owner.
bool may_manage(const User& actor, const std::string& kind, const std::string& owner) {
  if (has_role(actor, Role::admin)) return true;
  if (kind == "unit") return has_role(actor, Role::evaluation) || acts_for(actor, owner);
  return actor.name == owner;
}

Status refused(const std::string& kind, const std::string& owner) {
  return make_error(ErrorCode::permission_denied,
                    "you may not manage the calendar feeds of " + kind + " " + owner);
}

}  // namespace

Result<NewCalendarFeed> create_calendar_feed(const Session& session, std::string_view kind,
                                             std::string_view owner) {
  NewCalendarFeed out;
  auto st = session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    const std::string k(kind);
    const std::string who(owner);
    if (k != "unit" && k != "user")
      return make_error(ErrorCode::invalid_argument,
                        "a calendar feed is a unit's or a user's, not a " + k + "'s");
    if (!may_manage(*actor, k, who)) return refused(k, who);
    if (k == "unit") {
      auto unit = tx.find_unit(who);
      if (!unit) return unit.error();
      if (!*unit) return make_error(ErrorCode::not_found, "no unit " + who);
    } else {
      auto user = tx.find_user(who);
      if (!user) return user.error();
      if (!*user) return make_error(ErrorCode::not_found, "no user '" + who + "'");
    }
    out.token = util::random_token(32);
    out.feed = CalendarFeed{0, util::sha256_hex(out.token), k, who, session.clock.now_utc(), actor->name, {}};
    auto id = tx.add_calendar_feed(out.feed);
    if (!id) return id.error();
    out.feed.id = *id;
    out.path = "/calendar/" + out.token + ".ics";
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status revoke_calendar_feed(const Session& session, long long id) {
  return session.store.run([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto all = tx.list_calendar_feeds();
    if (!all) return all.error();
    auto found = std::find_if(all->begin(), all->end(), [&](const CalendarFeed& f) { return f.id == id; });
    if (found == all->end())
      return make_error(ErrorCode::not_found, "no calendar feed " + std::to_string(id));
    if (!may_manage(*actor, found->kind, found->owner)) return refused(found->kind, found->owner);
    return tx.revoke_calendar_feed(id, session.clock.now_utc());
  });
}

Result<std::vector<CalendarFeed>> calendar_feeds(const Session& session) {
  std::vector<CalendarFeed> out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    auto all = tx.list_calendar_feeds();
    if (!all) return all.error();
    for (auto& f : *all)
      if (may_manage(*actor, f.kind, f.owner)) out.push_back(std::move(f));
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::string> calendar_at(Store& store, const env::Clock& clock, std::string_view token,
                                const ReminderSettings& settings) {
  std::string out;
  const Date today = clock.today();
  auto st = store.read([&](Transaction& tx) -> Status {
    auto feed = tx.find_calendar_feed(util::sha256_hex(token));
    if (!feed) return feed.error();
    if (!*feed || !(*feed)->revoked_at.empty()) return make_error(ErrorCode::not_found, "no such calendar");
    // Whose due dates: the unit's; the user's units'; or, for a user who
    // sees everything, every unit's.
    std::vector<std::string> units;
    bool everything = false;
    if ((*feed)->kind == "unit") {
      units = {(*feed)->owner};
    } else {
      auto user = tx.find_user((*feed)->owner);
      if (!user) return user.error();
      if (!*user) return make_error(ErrorCode::not_found, "no such calendar");
      everything =
          std::any_of((*user)->roles.begin(), (*user)->roles.end(), [](Role r) { return r != Role::unit; });
      if (has_role(**user, Role::unit)) units = (*user)->units;
    }
    std::vector<DueEvent> events;
    auto read = [&](RecommendationPage page, const std::vector<std::string>& of) -> Status {
      page.limit = 500;
      while (events.size() < k_calendar_max_events) {
        auto records = tx.page_recommendations(page);
        if (!records) return records.error();
        for (const auto& r : *records)
          for (auto& e : due_events(r, of, today))
            if (events.size() < k_calendar_max_events) events.push_back(std::move(e));
        if (static_cast<int>(records->size()) < page.limit) break;
        page.after = std::pair{records->back().evaluation, records->back().rec.number};
      }
      return {};
    };
    if (everything) {
      RecommendationPage page;
      page.owing_before = *Date::from_ymd(9999, 12, 31);
      if (auto s = read(page, {}); !s) return s;
    } else {
      for (const auto& unit : units) {
        RecommendationPage page;
        page.owed_by = unit;
        if (auto s = read(page, {unit}); !s) return s;
      }
    }
    std::stable_sort(events.begin(), events.end(), [](const DueEvent& a, const DueEvent& b) {
      return std::tie(a.due, a.evaluation, a.number, a.unit, a.action) <
             std::tie(b.due, b.evaluation, b.number, b.unit, b.action);
    });
    render::CalendarOptions options;
    options.name = "followup: " + (*feed)->owner;
    options.base_url = settings.public_url;
    options.domain = sender_domain(settings);
    options.alarm_days = settings.policy.days_before;
    options.now_utc = clock.now_utc();
    out = render::calendar_document(events, options);
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app
