#include "storage/sql/sql_transaction.h"

#include <array>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/names.h"
#include "core/reference.h"
#include "storage/rules.h"

// Every operation is a chain of steps that may each fail; this returns the
// first failure. Local to this file.
#define FOLLOWUP_TRY(expr)                             \
  do {                                                 \
    if (auto followup_try_ = (expr); !followup_try_) { \
      return followup_try_.error();                    \
    }                                                  \
  } while (false)

namespace followup::sql {

namespace {

Result<Date> stored_date(const std::string& text, std::string_view column) {
  auto date = Date::parse_iso(text);
  if (!date)
    return make_error(ErrorCode::internal, "the store holds '" + text + "' as " + std::string(column) +
                                               ", which is not a date (YYYY-MM-DD)");
  return *date;
}

Result<std::optional<Date>> stored_optional_date(const std::optional<std::string>& text,
                                                 std::string_view column) {
  if (!text) return std::optional<Date>{};
  auto date = stored_date(*text, column);
  if (!date) return date.error();
  return std::optional<Date>(*date);
}

template <typename E>
Result<E> stored_word(std::optional<E> parsed, const std::string& word, std::string_view column) {
  if (!parsed)
    return make_error(ErrorCode::internal,
                      "the store holds '" + word + "' as " + std::string(column) + ", which is not known");
  return *parsed;
}

std::optional<std::string> optional_date_text(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->iso();
}

// Recorded from three columns: recorded_at, late, on_behalf (when present).
Recorded recorded_of(const Statement& stmt, int first, bool with_on_behalf = true) {
  Recorded r;
  r.at = stmt.text(first);
  r.late = stmt.int64(first + 1) != 0;
  if (with_on_behalf) r.on_behalf = stmt.int64(first + 2) != 0;
  return r;
}

// The id of the row an INSERT prepared by prepare_insert added.
Result<long long> inserted_id(Statement& stmt, std::string_view what) {
  auto id = stmt.run_returning_id(what);
  if (!id) return id.error();
  if (!*id) return make_error(ErrorCode::internal, std::string(what) + ": the insert gave no id");
  return **id;
}

}  // namespace

// ---- Plumbing

Status SqlTransaction::check_open() {
  // SQLite ends a transaction by itself on some failures (disk full, I/O
  // error); carrying on would write outside any transaction.
  if (!m_db.in_transaction()) return store_rules::transaction_ended();
  return {};
}

template <typename F>
auto SqlTransaction::atomically(std::string_view what, F&& body) -> decltype(body()) {
  FOLLOWUP_TRY(check_open());
  if (!m_writable) return store_rules::write_in_read_transaction(what);
  FOLLOWUP_TRY(run_prepared(m_db, "SAVEPOINT followup_step", what));
  m_touched.clear();
  m_reports_only = false;
  auto result = body();
  // The kept index follows every recommendation the step touched, in the
  // same savepoint: it never disagrees with the facts.
  if (result && m_keep_index)
    if (auto refreshed = refresh_touched(); !refreshed) result = refreshed.error();
  m_touched.clear();
  // What find_recommendation read holds until the next step changes it.
  m_last_found.reset();
  m_reports_only = false;
  if (result) {
    FOLLOWUP_TRY(run_prepared(m_db, "RELEASE followup_step", what));
  } else if (m_db.in_transaction()) {
    FOLLOWUP_TRY(m_db.exec("ROLLBACK TO followup_step; RELEASE followup_step", what));
  }
  return result;
}

store_rules::RequireUnit SqlTransaction::require_unit_fn() {
  return [this](std::string_view code, std::string_view context) { return require_unit(code, context); };
}

Status SqlTransaction::require_unit(std::string_view code, std::string_view context) {
  auto stmt = m_db.prepare("SELECT 1 FROM units WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step("find unit");
  if (!row) return row.error();
  if (!*row) return store_rules::unit_not_in_directory(code, context);
  return {};
}

Result<long long> SqlTransaction::require_recommendation(std::string_view evaluation, int number) {
  auto stmt = m_db.prepare("SELECT id FROM recommendations WHERE evaluation = ?1 AND number = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, evaluation).bind(2, number);
  auto row = stmt->step("find recommendation");
  if (!row) return row.error();
  if (!*row) return store_rules::recommendation_not_found(evaluation, number);
  // Only writes require a recommendation: the step changes it.
  m_touched.push_back(stmt->int64(0));
  return stmt->int64(0);
}

Result<std::optional<long long>> SqlTransaction::response_id(long long recommendation,
                                                             std::string_view unit) {
  auto stmt = m_db.prepare("SELECT id FROM responses WHERE recommendation = ?1 AND unit = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, recommendation).bind(2, unit);
  auto row = stmt->step("find response");
  if (!row) return row.error();
  if (!*row) return std::optional<long long>{};
  return std::optional<long long>(stmt->int64(0));
}

// ---- Units

Result<Unit> SqlTransaction::load_unit_lists(Unit unit) {
  auto aliases = m_db.prepare("SELECT alias FROM unit_aliases WHERE unit = ?1 ORDER BY position");
  if (!aliases) return aliases.error();
  aliases->bind(1, unit.code);
  FOLLOWUP_TRY(each_row(*aliases, "read unit aliases", [&]() -> Status {
    unit.aliases.push_back(aliases->text(0));
    return {};
  }));
  auto emails = m_db.prepare("SELECT email FROM unit_emails WHERE unit = ?1 ORDER BY position");
  if (!emails) return emails.error();
  emails->bind(1, unit.code);
  FOLLOWUP_TRY(each_row(*emails, "read unit emails", [&]() -> Status {
    unit.emails.push_back(emails->text(0));
    return {};
  }));
  return unit;
}

Result<std::vector<Unit>> SqlTransaction::list_units() {
  FOLLOWUP_TRY(check_open());
  std::vector<Unit> units;
  {
    auto stmt = m_db.prepare("SELECT code, name, kind, parent, head_title FROM units ORDER BY code");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(each_row(*stmt, "list units", [&]() -> Status {
      units.push_back(
          Unit{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4), {}, {}});
      return {};
    }));
  }
  // Every unit's aliases, then every unit's addresses, one statement each
  // whatever the number of units.
  std::unordered_map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < units.size(); ++i) at.emplace(units[i].code, i);
  const std::array<std::pair<const char*, std::vector<std::string> Unit::*>, 2> lists{{
      {"SELECT unit, alias FROM unit_aliases ORDER BY unit, position", &Unit::aliases},
      {"SELECT unit, email FROM unit_emails ORDER BY unit, position", &Unit::emails},
  }};
  for (const auto& list : lists) {
    // (Not a structured binding: clang 14 cannot capture one in a lambda.)
    const auto member = list.second;
    auto stmt = m_db.prepare(list.first);
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(each_row(*stmt, "read unit aliases and emails", [&]() -> Status {
      const auto found = at.find(stmt->text(0));
      if (found != at.end()) (units[found->second].*member).push_back(stmt->text(1));
      return {};
    }));
  }
  return units;
}

Result<std::optional<Unit>> SqlTransaction::find_unit(std::string_view code) {
  FOLLOWUP_TRY(check_open());
  Unit unit;
  {
    auto stmt = m_db.prepare("SELECT code, name, kind, parent, head_title FROM units WHERE code = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, code);
    auto row = stmt->step("find unit");
    if (!row) return row.error();
    if (!*row) return std::optional<Unit>{};
    unit = Unit{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4), {}, {}};
  }
  auto loaded = load_unit_lists(std::move(unit));
  if (!loaded) return loaded.error();
  return std::optional<Unit>(std::move(*loaded));
}

Status SqlTransaction::write_unit_lists(const Unit& unit) {
  auto clear_aliases = m_db.prepare("DELETE FROM unit_aliases WHERE unit = ?1");
  if (!clear_aliases) return clear_aliases.error();
  FOLLOWUP_TRY(clear_aliases->bind(1, unit.code).run("replace unit aliases"));
  auto clear_emails = m_db.prepare("DELETE FROM unit_emails WHERE unit = ?1");
  if (!clear_emails) return clear_emails.error();
  FOLLOWUP_TRY(clear_emails->bind(1, unit.code).run("replace unit emails"));
  for (std::size_t i = 0; i < unit.aliases.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO unit_aliases (unit, position, alias) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, unit.code).bind(2, static_cast<long long>(i)).bind(3, unit.aliases[i]);
    FOLLOWUP_TRY(stmt->run("add alias of unit " + unit.code));
  }
  for (std::size_t i = 0; i < unit.emails.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO unit_emails (unit, position, email) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, unit.code).bind(2, static_cast<long long>(i)).bind(3, unit.emails[i]);
    FOLLOWUP_TRY(stmt->run("add email of unit " + unit.code));
  }
  return {};
}

Status SqlTransaction::add_unit(const Unit& unit) {
  return atomically("add unit " + unit.code, [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_unit(unit));
    auto existing = find_unit(unit.code);
    if (!existing) return existing.error();
    if (existing->has_value()) return store_rules::unit_exists(unit.code);
    if (!unit.parent.empty()) FOLLOWUP_TRY(require_unit(unit.parent, "parent of unit " + unit.code));
    auto stmt =
        m_db.prepare("INSERT INTO units (code, name, kind, parent, head_title) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return stmt.error();
    stmt->bind(1, unit.code).bind(2, unit.name).bind(3, unit.kind).bind(5, unit.head_title);
    if (unit.parent.empty())
      stmt->bind_null(4);
    else
      stmt->bind(4, unit.parent);
    FOLLOWUP_TRY(stmt->run("add unit " + unit.code));
    return write_unit_lists(unit);
  });
}

Status SqlTransaction::update_unit(const Unit& unit) {
  return atomically("update unit " + unit.code, [&]() -> Status {
    if (!unit.parent.empty()) FOLLOWUP_TRY(require_unit(unit.parent, "parent of unit " + unit.code));
    auto stmt =
        m_db.prepare("UPDATE units SET name = ?2, kind = ?3, parent = ?4, head_title = ?5 WHERE code = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, unit.code).bind(2, unit.name).bind(3, unit.kind).bind(5, unit.head_title);
    if (unit.parent.empty())
      stmt->bind_null(4);
    else
      stmt->bind(4, unit.parent);
    FOLLOWUP_TRY(stmt->run("update unit " + unit.code));
    if (stmt->changes() == 0) return store_rules::unit_not_found(unit.code);
    return write_unit_lists(unit);
  });
}

// ---- Users

// "user" is quoted: PostgreSQL reserves the word.
Result<User> SqlTransaction::load_user_lists(User user) {
  auto roles = m_db.prepare("SELECT role FROM user_roles WHERE \"user\" = ?1 ORDER BY position");
  if (!roles) return roles.error();
  roles->bind(1, user.name);
  FOLLOWUP_TRY(each_row(*roles, "read user roles", [&]() -> Status {
    auto role = stored_word(parse_role(roles->text(0)), roles->text(0), "a role");
    if (!role) return role.error();
    user.roles.push_back(*role);
    return {};
  }));
  auto units = m_db.prepare("SELECT unit FROM user_units WHERE \"user\" = ?1 ORDER BY position");
  if (!units) return units.error();
  units->bind(1, user.name);
  FOLLOWUP_TRY(each_row(*units, "read user units", [&]() -> Status {
    user.units.push_back(units->text(0));
    return {};
  }));
  return user;
}

Result<std::vector<User>> SqlTransaction::list_users() {
  FOLLOWUP_TRY(check_open());
  std::vector<User> users;
  {
    auto stmt = m_db.prepare("SELECT name, full_name, email FROM users ORDER BY name");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(each_row(*stmt, "list users", [&]() -> Status {
      users.push_back(User{stmt->text(0), stmt->text(1), stmt->text(2), {}, {}});
      return {};
    }));
  }
  for (User& user : users) {
    auto loaded = load_user_lists(std::move(user));
    if (!loaded) return loaded.error();
    user = std::move(*loaded);
  }
  return users;
}

Result<std::optional<User>> SqlTransaction::find_user(std::string_view name) {
  FOLLOWUP_TRY(check_open());
  User user;
  {
    auto stmt = m_db.prepare("SELECT name, full_name, email FROM users WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, name);
    auto row = stmt->step("find user");
    if (!row) return row.error();
    if (!*row) return std::optional<User>{};
    user = User{stmt->text(0), stmt->text(1), stmt->text(2), {}, {}};
  }
  auto loaded = load_user_lists(std::move(user));
  if (!loaded) return loaded.error();
  return std::optional<User>(std::move(*loaded));
}

Status SqlTransaction::write_user_lists(const User& user) {
  FOLLOWUP_TRY(store_rules::check_user_lists(user));
  for (const std::string& unit : user.units) FOLLOWUP_TRY(require_unit(unit, "user " + user.name));

  auto clear_roles = m_db.prepare("DELETE FROM user_roles WHERE \"user\" = ?1");
  if (!clear_roles) return clear_roles.error();
  FOLLOWUP_TRY(clear_roles->bind(1, user.name).run("replace user roles"));
  auto clear_units = m_db.prepare("DELETE FROM user_units WHERE \"user\" = ?1");
  if (!clear_units) return clear_units.error();
  FOLLOWUP_TRY(clear_units->bind(1, user.name).run("replace user units"));
  for (std::size_t i = 0; i < user.roles.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO user_roles (\"user\", position, role) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, static_cast<long long>(i)).bind(3, to_string(user.roles[i]));
    FOLLOWUP_TRY(stmt->run("add role of user " + user.name));
  }
  for (std::size_t i = 0; i < user.units.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO user_units (\"user\", position, unit) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, static_cast<long long>(i)).bind(3, user.units[i]);
    FOLLOWUP_TRY(stmt->run("add unit of user " + user.name));
  }
  return {};
}

Status SqlTransaction::add_user(const User& user) {
  return atomically("add user " + user.name, [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_user(user));
    auto existing = find_user(user.name);
    if (!existing) return existing.error();
    if (existing->has_value()) return store_rules::user_exists(user.name);
    auto stmt = m_db.prepare("INSERT INTO users (name, full_name, email) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, user.full_name).bind(3, user.email);
    FOLLOWUP_TRY(stmt->run("add user " + user.name));
    return write_user_lists(user);
  });
}

Status SqlTransaction::update_user(const User& user) {
  return atomically("update user " + user.name, [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE users SET full_name = ?2, email = ?3 WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, user.full_name).bind(3, user.email);
    FOLLOWUP_TRY(stmt->run("update user " + user.name));
    if (stmt->changes() == 0) return store_rules::user_not_found(user.name);
    return write_user_lists(user);
  });
}

// ---- Evaluations

Status SqlTransaction::load_recommendation_units(long long id, Recommendation& rec) {
  auto stmt = m_db.prepare(
      "SELECT unit, name_as_written FROM recommendation_units WHERE recommendation = ?1 ORDER BY position");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  bool all_named = true;
  FOLLOWUP_TRY(each_row(*stmt, "read responsible units", [&]() -> Status {
    rec.units.push_back(stmt->text(0));
    auto name = stmt->optional_text(1);
    all_named = all_named && name.has_value();
    rec.responsible.push_back(name.value_or(""));
    return {};
  }));
  // Names are stored for all units or for none (see check_recommendation_units).
  if (!all_named) rec.responsible.clear();
  return {};
}

Result<std::vector<Recommendation>> SqlTransaction::load_recommendations(std::string_view evaluation) {
  std::vector<std::pair<long long, Recommendation>> rows;
  {
    auto stmt = m_db.prepare(
        "SELECT id, number, text, due, priority FROM recommendations WHERE evaluation = ?1 ORDER BY number");
    if (!stmt) return stmt.error();
    stmt->bind(1, evaluation);
    FOLLOWUP_TRY(each_row(*stmt, "read recommendations", [&]() -> Status {
      auto due = stored_date(stmt->text(3), "a follow-up due date");
      if (!due) return due.error();
      Recommendation rec;
      rec.number = static_cast<int>(stmt->int64(1));
      rec.text = stmt->text(2);
      rec.due = *due;
      auto priority = stored_word(parse_priority(stmt->text(4)), stmt->text(4), "a priority");
      if (!priority) return priority.error();
      rec.priority = *priority;
      rows.emplace_back(stmt->int64(0), std::move(rec));
      return {};
    }));
  }
  std::vector<Recommendation> out;
  out.reserve(rows.size());
  for (auto& [id, rec] : rows) {
    FOLLOWUP_TRY(load_recommendation_units(id, rec));
    out.push_back(std::move(rec));
  }
  return out;
}

Result<std::optional<Evaluation>> SqlTransaction::find_evaluation(std::string_view code) {
  FOLLOWUP_TRY(check_open());
  Evaluation evaluation;
  {
    auto stmt = m_db.prepare(
        "SELECT code, title, memo_date, memo_from, memo_subject, issued, disclosed FROM evaluations WHERE "
        "code = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, code);
    auto row = stmt->step("find evaluation");
    if (!row) return row.error();
    if (!*row) return std::optional<Evaluation>{};
    evaluation.code = stmt->text(0);
    evaluation.title = stmt->text(1);
    auto memo_date = stored_optional_date(stmt->optional_text(2), "a memo date");
    if (!memo_date) return memo_date.error();
    evaluation.memo.date = *memo_date;
    evaluation.memo.from = stmt->text(3);
    evaluation.memo.subject = stmt->text(4);
    auto issued = stored_optional_date(stmt->optional_text(5), "an issue date");
    if (!issued) return issued.error();
    evaluation.issued = *issued;
    evaluation.disclosed = stmt->int64(6) != 0;
  }
  {
    auto stmt = m_db.prepare(
        "SELECT list, name FROM evaluation_addressees WHERE evaluation = ?1 ORDER BY list DESC, position");
    if (!stmt) return stmt.error();
    stmt->bind(1, code);
    FOLLOWUP_TRY(each_row(*stmt, "read memo addressees", [&]() -> Status {
      (stmt->text(0) == "to" ? evaluation.memo.to : evaluation.memo.cc).push_back(stmt->text(1));
      return {};
    }));
  }
  auto recs = load_recommendations(code);
  if (!recs) return recs.error();
  evaluation.recommendations = std::move(*recs);
  return std::optional<Evaluation>(std::move(evaluation));
}

Result<std::optional<std::string>> SqlTransaction::find_evaluation_by_content_hash(std::string_view hash) {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare("SELECT code FROM evaluations WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, hash);
  auto row = stmt->step("find evaluation by content");
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(stmt->text(0));
}

Result<std::vector<std::string>> SqlTransaction::list_evaluation_codes() {
  FOLLOWUP_TRY(check_open());
  std::vector<std::string> codes;
  auto stmt = m_db.prepare("SELECT code FROM evaluations ORDER BY code");
  if (!stmt) return stmt.error();
  FOLLOWUP_TRY(each_row(*stmt, "list evaluations", [&]() -> Status {
    codes.push_back(stmt->text(0));
    return {};
  }));
  return codes;
}

Status SqlTransaction::check_recommendation_units(std::string_view evaluation, const Recommendation& rec) {
  return store_rules::check_recommendation_units(evaluation, rec, require_unit_fn());
}

Status SqlTransaction::write_recommendation_units(long long id, const Recommendation& rec) {
  auto clear = m_db.prepare("DELETE FROM recommendation_units WHERE recommendation = ?1");
  if (!clear) return clear.error();
  FOLLOWUP_TRY(clear->bind(1, id).run("replace responsible units"));
  for (std::size_t i = 0; i < rec.units.size(); ++i) {
    auto stmt = m_db.prepare(
        "INSERT INTO recommendation_units (recommendation, position, unit, name_as_written) VALUES (?1, ?2, "
        "?3, ?4)");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, static_cast<long long>(i)).bind(3, rec.units[i]);
    if (rec.responsible.empty())
      stmt->bind_null(4);
    else
      stmt->bind(4, rec.responsible[i]);
    FOLLOWUP_TRY(stmt->run("add responsible unit"));
  }
  return {};
}

Result<bool> SqlTransaction::evaluation_exists(std::string_view code) {
  auto stmt = m_db.prepare("SELECT 1 FROM evaluations WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step("find evaluation");
  if (!row) return row.error();
  return *row;
}

Status SqlTransaction::insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) {
  return atomically("insert evaluation " + evaluation.code, [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_evaluation(evaluation, content_hash));
    auto exists = evaluation_exists(evaluation.code);
    if (!exists) return exists.error();
    if (*exists) return store_rules::evaluation_exists(evaluation.code);
    auto same_content = find_evaluation_by_content_hash(content_hash);
    if (!same_content) return same_content.error();
    if (same_content->has_value()) return store_rules::memo_imported_as(**same_content);
    FOLLOWUP_TRY(store_rules::check_recommendations(evaluation, require_unit_fn()));

    auto stmt = m_db.prepare(
        "INSERT INTO evaluations (code, title, content_hash, memo_date, memo_from, memo_subject, issued, "
        "disclosed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return stmt.error();
    stmt->bind(1, evaluation.code)
        .bind(2, evaluation.title)
        .bind(3, content_hash)
        .bind(4, optional_date_text(evaluation.memo.date))
        .bind(5, evaluation.memo.from)
        .bind(6, evaluation.memo.subject)
        .bind(7, optional_date_text(evaluation.issued))
        .bind(8, evaluation.disclosed ? 1 : 0);
    FOLLOWUP_TRY(stmt->run("insert evaluation " + evaluation.code));

    auto add_addressees = [&](const char* list, const std::vector<std::string>& names) -> Status {
      for (std::size_t i = 0; i < names.size(); ++i) {
        auto add = m_db.prepare(
            "INSERT INTO evaluation_addressees (evaluation, list, position, name) VALUES (?1, ?2, ?3, ?4)");
        if (!add) return add.error();
        add->bind(1, evaluation.code).bind(2, list).bind(3, static_cast<long long>(i)).bind(4, names[i]);
        FOLLOWUP_TRY(add->run("add memo addressee"));
      }
      return {};
    };
    FOLLOWUP_TRY(add_addressees("to", evaluation.memo.to));
    FOLLOWUP_TRY(add_addressees("cc", evaluation.memo.cc));

    for (const Recommendation& rec : evaluation.recommendations) {
      auto add = prepare_insert(
          m_db,
          "INSERT INTO recommendations (evaluation, number, text, due, priority) VALUES (?1, ?2, ?3, ?4, "
          "?5)");
      if (!add) return add.error();
      add->bind(1, evaluation.code)
          .bind(2, rec.number)
          .bind(3, rec.text)
          .bind(4, rec.due.iso())
          .bind(5, to_string(rec.priority));
      auto id = inserted_id(*add, "insert recommendation " + recommendation_ref(evaluation.code, rec.number));
      if (!id) return id.error();
      m_touched.push_back(*id);
      FOLLOWUP_TRY(write_recommendation_units(*id, rec));
    }
    return {};
  });
}

Status SqlTransaction::set_evaluation_issued(std::string_view code, Date issued) {
  return atomically("issue evaluation " + std::string(code), [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE evaluations SET issued = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, issued.iso()).run("issue evaluation"));
    if (stmt->changes() == 0) return store_rules::evaluation_not_found(code);
    return touch_where("SELECT id FROM recommendations WHERE evaluation = ?1",
                       [&](Statement& q) { q.bind(1, code); });
  });
}

Status SqlTransaction::set_evaluation_disclosed(std::string_view code, bool disclosed) {
  return atomically("disclose evaluation " + std::string(code), [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE evaluations SET disclosed = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, disclosed ? 1 : 0).run("disclose evaluation"));
    if (stmt->changes() == 0) return store_rules::evaluation_not_found(code);
    return {};
  });
}

Status SqlTransaction::set_evaluation_content_hash(std::string_view code, std::string_view content_hash) {
  return atomically("set the content hash of evaluation " + std::string(code), [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_content_hash(code, content_hash));
    auto same_content = find_evaluation_by_content_hash(content_hash);
    if (!same_content) return same_content.error();
    if (same_content->has_value() && **same_content != code)
      return store_rules::memo_imported_as(**same_content);
    auto stmt = m_db.prepare("UPDATE evaluations SET content_hash = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, content_hash).run("set content hash"));
    if (stmt->changes() == 0) return store_rules::evaluation_not_found(code);
    return {};
  });
}

Status SqlTransaction::update_recommendation(std::string_view evaluation, const Recommendation& rec) {
  return atomically("update recommendation " + recommendation_ref(evaluation, rec.number), [&]() -> Status {
    auto id = require_recommendation(evaluation, rec.number);
    if (!id) return id.error();
    FOLLOWUP_TRY(check_recommendation_units(evaluation, rec));
    auto stmt = m_db.prepare("UPDATE recommendations SET text = ?2, due = ?3, priority = ?4 WHERE id = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, *id)
                     .bind(2, rec.text)
                     .bind(3, rec.due.iso())
                     .bind(4, to_string(rec.priority))
                     .run("update recommendation"));
    return write_recommendation_units(*id, rec);
  });
}

Status SqlTransaction::set_memo_original(std::string_view evaluation, const Evidence& original) {
  return atomically("keep the memo of evaluation " + std::string(evaluation), [&]() -> Status {
    auto exists = evaluation_exists(evaluation);
    if (!exists) return exists.error();
    if (!*exists) return store_rules::evaluation_not_found(evaluation);
    auto kept = find_memo_original(evaluation);
    if (!kept) return kept.error();
    if (*kept)
      return make_error(ErrorCode::already_exists,
                        "evaluation " + std::string(evaluation) + " already has its memo as sent");
    FOLLOWUP_TRY(require_blobs({original}));
    auto stmt = m_db.prepare(
        "INSERT INTO memo_originals (evaluation, sha256, name, media_type) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, evaluation)
        .bind(2, original.sha256)
        .bind(3, original.name)
        .bind(4, original.media_type)
        .run("keep the memo as sent");
  });
}

Result<std::optional<Evidence>> SqlTransaction::find_memo_original(std::string_view evaluation) {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare(
      "SELECT m.sha256, m.name, m.media_type, b.size FROM memo_originals m JOIN blobs b ON b.sha256 = "
      "m.sha256 WHERE m.evaluation = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, evaluation);
  auto row = stmt->step("read the memo as sent");
  if (!row) return row.error();
  if (!*row) return std::optional<Evidence>{};
  return std::optional<Evidence>(Evidence{stmt->text(0), stmt->text(1), stmt->text(2), stmt->int64(3)});
}

// ---- Recommendations with their follow-up
//
// Records are loaded a page at a time: the page's recommendations by one
// query, then each list table by one query for the whole page (the ids
// travel as one JSON array bound to ?1), so the number of statements does
// not grow with the page, let alone with the store.

namespace {

// A record's own columns (read_record_row), and the tables they come from.
constexpr const char* k_record_columns =
    "r.id, r.evaluation, e.issued, r.number, r.text, r.due, r.priority, e.disclosed";
constexpr const char* k_record_tables =
    " FROM recommendations r JOIN evaluations e ON e.code = r.evaluation ";

// The kept index's rows (`followup_index x`) a page selects, in the
// listing's order: constant SQL, picked by which filters are set, bound by
// bind_kept_page.
std::string kept_page_where(const RecommendationPage& q) {
  std::string where = "WHERE x.unit = ?1";
  if (q.evaluation) where += " AND x.evaluation = ?2";
  if (q.after) where += " AND (x.evaluation, x.number) > (?3, ?4)";
  if (q.due_before) where += " AND x.due < ?5";
  if (q.unanswered_before) where += " AND x.rec_unanswered_due < ?6";
  // The first term as followup_index_owing's, so that the index serves.
  if (q.owing_before)
    where +=
        " AND (x.pending_due IS NOT NULL OR x.actions_due IS NOT NULL) AND (x.pending_due < ?8 OR "
        "x.actions_due < ?8)";
  where += " ORDER BY x.evaluation, x.number";
  if (q.limit > 0) where += " LIMIT ?7";
  return where;
}

void bind_kept_page(Statement& s, const RecommendationPage& q) {
  s.bind(1, q.unit.value_or(""));
  if (q.evaluation) s.bind(2, *q.evaluation);
  if (q.after) s.bind(3, q.after->first).bind(4, q.after->second);
  if (q.due_before) s.bind(5, q.due_before->iso());
  if (q.unanswered_before) s.bind(6, q.unanswered_before->iso());
  if (q.limit > 0) s.bind(7, q.limit);
  if (q.owing_before) s.bind(8, q.owing_before->iso());
}

// Recommendation ids as a JSON array (the dialect's ids_in_json).
std::string json_ids(const std::vector<long long>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

// Runs `sql`, whose ?1 is `page`, calling `row` with the statement for
// each row.
template <typename F>
Status each_in_page(Connection& db, const std::string& sql, const PageIds& page, std::string_view what,
                    F&& row) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  page.bind(*stmt);
  return each_row(*stmt, what, [&]() { return row(*stmt); });
}

}  // namespace

PageIds::PageIds(const Dialect& dialect, const std::vector<long long>& ids) {
  if (ids.size() == 1) {
    m_single = ids.front();
    m_in = "(?1)";
  } else {
    m_json = json_ids(ids);
    m_in = "(" + dialect.ids_in_json(1) + ")";
  }
}

void PageIds::bind(Statement& statement) const {
  if (m_single)
    statement.bind(1, *m_single);
  else
    statement.bind(1, m_json);
}

Status SqlTransaction::read_record_row(Statement& stmt, std::vector<LoadedRecord>& into) {
  LoadedRecord row;
  row.id = stmt.int64(0);
  row.record.evaluation = stmt.text(1);
  auto issued = stored_optional_date(stmt.optional_text(2), "an issue date");
  if (!issued) return issued.error();
  row.record.issued = *issued;
  row.record.rec.number = static_cast<int>(stmt.int64(3));
  row.record.rec.text = stmt.text(4);
  auto due = stored_date(stmt.text(5), "a follow-up due date");
  if (!due) return due.error();
  row.record.rec.due = *due;
  auto priority = stored_word(parse_priority(stmt.text(6)), stmt.text(6), "a priority");
  if (!priority) return priority.error();
  row.record.rec.priority = *priority;
  row.record.disclosed = stmt.int64(7) != 0;
  into.push_back(std::move(row));
  return {};
}

Status SqlTransaction::load_units(std::vector<LoadedRecord>& rows,
                                  const std::unordered_map<long long, std::size_t>& at, const PageIds& page) {
  std::unordered_set<long long> partly_named;
  FOLLOWUP_TRY(each_in_page(
      m_db,
      "SELECT recommendation, unit, name_as_written FROM recommendation_units WHERE recommendation IN " +
          page.in() + " ORDER BY recommendation, position",
      page, "read responsible units", [&](Statement& s) -> Status {
        Recommendation& rec = rows[at.at(s.int64(0))].record.rec;
        rec.units.push_back(s.text(1));
        auto name = s.optional_text(2);
        if (!name) partly_named.insert(s.int64(0));
        rec.responsible.push_back(name.value_or(""));
        return {};
      }));
  // Names are stored for all units or for none (see check_recommendation_units).
  for (long long id : partly_named) rows[at.at(id)].record.rec.responsible.clear();
  return {};
}

Status SqlTransaction::load_lists(std::vector<LoadedRecord>& rows, bool listing) {
  if (rows.empty()) return {};
  std::vector<long long> ids;
  ids.reserve(rows.size());
  std::unordered_map<long long, std::size_t> at;  // recommendation id -> index in rows
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ids.push_back(rows[i].id);
    at.emplace(rows[i].id, i);
  }
  const PageIds page(m_db.dialect(), ids);
  const std::string& in_page = page.in();
  // Runs `sql` over the page, calling `row` with the statement for each row.
  auto each = [&](const std::string& sql, std::string_view what, auto&& row) -> Status {
    return each_in_page(m_db, sql, page, what, row);
  };
  auto record_of = [&](long long id) -> RecommendationRecord& { return rows[at.at(id)].record; };
  // A table of rows that belong to another list's (an action's events, a
  // report's evidence...) is read only when that list has rows: most
  // records have no closing, revision or report, and a step's record is
  // read twice.
  auto each_of = [&](bool parents, const std::string& sql, std::string_view what, auto&& row) -> Status {
    if (!parents) return {};
    return each(sql, what, row);
  };

  FOLLOWUP_TRY(load_units(rows, at, page));

  // Where each response, action, report, closing and revision went.
  struct Place {
    std::size_t row, index;
  };
  std::unordered_map<long long, Place> responses, closings, revisions;
  std::unordered_map<long long, std::pair<Place, std::size_t>> actions;  // response's place, action index

  FOLLOWUP_TRY(
      each("SELECT recommendation, id, unit, decision, rationale, responded, by_user, recorded_at, late, "
           "on_behalf "
           "FROM responses WHERE recommendation IN " +
               in_page +
               " ORDER BY "
               "recommendation, unit",
           "read responses", [&](Statement& s) -> Status {
             ManagementResponse response;
             response.unit = s.text(2);
             auto decision = stored_word(parse_decision(s.text(3)), s.text(3), "a decision");
             if (!decision) return decision.error();
             response.decision = *decision;
             response.rationale = s.text(4);
             auto responded = stored_date(s.text(5), "a response date");
             if (!responded) return responded.error();
             response.responded = *responded;
             response.by = s.text(6);
             response.recorded = recorded_of(s, 7);
             const std::size_t row = at.at(s.int64(0));
             auto& list = rows[row].record.follow_up.responses;
             responses.emplace(s.int64(1), Place{row, list.size()});
             list.push_back(std::move(response));
             return {};
           }));
  FOLLOWUP_TRY(each_of(
      !responses.empty(),
      "SELECT a.response, a.id, a.unit, a.description, a.due, a.added, a.by_user, a.recorded_at, a.late, "
      "a.on_behalf FROM key_actions a JOIN responses r ON r.id = a.response "
      "WHERE r.recommendation IN " +
          in_page + " ORDER BY a.id",
      "read key actions", [&](Statement& s) -> Status {
        KeyAction action;
        action.id = s.int64(1);
        action.unit = s.text(2);
        action.description = s.text(3);
        auto due = stored_date(s.text(4), "an action's due date");
        if (!due) return due.error();
        action.due = *due;
        auto added = stored_date(s.text(5), "an action's date");
        if (!added) return added.error();
        action.added = *added;
        action.by = s.text(6);
        action.recorded = recorded_of(s, 7);
        const Place p = responses.at(s.int64(0));
        auto& list = rows[p.row].record.follow_up.responses[p.index].actions;
        actions.emplace(action.id, std::make_pair(p, list.size()));
        list.push_back(std::move(action));
        return {};
      }));
  FOLLOWUP_TRY(each_of(
      !listing && !actions.empty(),
      "SELECT e.action, e.id, e.on_date, e.status, e.due, e.reason, e.by_user, e.report, e.recorded_at, "
      "e.late, e.on_behalf FROM action_events e JOIN key_actions a ON a.id = e.action "
      "JOIN responses r ON r.id = a.response WHERE r.recommendation IN " +
          in_page +
          " "
          "ORDER BY e.action, e.on_date, e.id",
      "read action events", [&](Statement& s) -> Status {
        ActionEvent e;
        e.id = s.int64(1);
        auto on = stored_date(s.text(2), "an action event's date");
        if (!on) return on.error();
        e.on = *on;
        if (auto status = s.optional_text(3)) {
          auto parsed = stored_word(parse_action_status(*status), *status, "an action status");
          if (!parsed) return parsed.error();
          e.status = *parsed;
        }
        auto due = stored_optional_date(s.optional_text(4), "an action's revised due date");
        if (!due) return due.error();
        e.due = *due;
        e.reason = s.text(5);
        e.by = s.text(6);
        e.report = s.int64(7);
        e.recorded = recorded_of(s, 8);
        const auto& [p, index] = actions.at(s.int64(0));
        rows[p.row].record.follow_up.responses[p.index].actions[index].events.push_back(std::move(e));
        return {};
      }));
  if (!listing) FOLLOWUP_TRY(load_progress_reports(rows, at, page));
  FOLLOWUP_TRY(each_of(!listing,
                       "SELECT recommendation, rating, comment, validated, by_user, recorded_at, late "
                       "FROM validations WHERE recommendation IN " +
                           in_page +
                           " "
                           "ORDER BY recommendation, validated, id",
                       "read validations", [&](Statement& s) -> Status {
                         auto validated = stored_date(s.text(3), "a validation date");
                         if (!validated) return validated.error();
                         record_of(s.int64(0))
                             .follow_up.validations.push_back(Validation{
                                 s.text(1), s.text(2), *validated, s.text(4), recorded_of(s, 5, false)});
                         return {};
                       }));
  FOLLOWUP_TRY(
      each("SELECT recommendation, id, kind, outcome, on_date, by_user, reason, waiver, override, "
           "recorded_at, late "
           "FROM closings WHERE recommendation IN " +
               in_page +
               " "
               "ORDER BY recommendation, on_date, id",
           "read closings", [&](Statement& s) -> Status {
             ClosingEvent c;
             c.id = s.int64(1);
             c.reopening = s.text(2) == "reopening";
             if (!c.reopening) {
               const std::string word = s.optional_text(3).value_or("");
               auto outcome = stored_word(parse_outcome(word), word, "an outcome");
               if (!outcome) return outcome.error();
               c.outcome = *outcome;
             }
             auto on = stored_date(s.text(4), "a closing date");
             if (!on) return on.error();
             c.on = *on;
             c.by = s.text(5);
             c.reason = s.text(6);
             c.waiver = s.text(7);
             c.override_reason = s.text(8);
             c.recorded = recorded_of(s, 9, false);
             const std::size_t row = at.at(s.int64(0));
             auto& list = rows[row].record.follow_up.closings;
             closings.emplace(c.id, Place{row, list.size()});
             list.push_back(std::move(c));
             return {};
           }));
  auto closing_at = [&](long long id) -> ClosingEvent& {
    const Place p = closings.at(id);
    return rows[p.row].record.follow_up.closings[p.index];
  };
  FOLLOWUP_TRY(
      each_of(!listing && !closings.empty(),
              "SELECT u.closing, u.unit FROM closing_unresponsive u JOIN closings c ON c.id = u.closing "
              "WHERE c.recommendation IN " +
                  in_page + " ORDER BY u.closing, u.position",
              "read units that never responded", [&](Statement& s) -> Status {
                closing_at(s.int64(0)).unresponsive.push_back(s.text(1));
                return {};
              }));
  FOLLOWUP_TRY(each_of(
      !listing && !closings.empty(),
      "SELECT e.closing, e.sha256, e.name, e.media_type, b.size FROM closing_evidence e "
      "JOIN blobs b ON b.sha256 = e.sha256 JOIN closings c ON c.id = e.closing "
      "WHERE c.recommendation IN " +
          in_page + " ORDER BY e.closing, e.position",
      "read evidence", [&](Statement& s) -> Status {
        closing_at(s.int64(0)).evidence.push_back(Evidence{s.text(1), s.text(2), s.text(3), s.int64(4)});
        return {};
      }));
  FOLLOWUP_TRY(
      each("SELECT recommendation, id, unit, due, reason, granted, by_user, recorded_at, late "
           "FROM extensions WHERE recommendation IN " +
               in_page +
               " "
               "ORDER BY recommendation, granted, id",
           "read extensions", [&](Statement& s) -> Status {
             Extension e;
             e.id = s.int64(1);
             e.unit = s.optional_text(2).value_or("");
             auto due = stored_date(s.text(3), "an extended due date");
             if (!due) return due.error();
             e.due = *due;
             e.reason = s.text(4);
             auto granted = stored_date(s.text(5), "an extension's date");
             if (!granted) return granted.error();
             e.granted = *granted;
             e.by = s.text(6);
             e.recorded = recorded_of(s, 7, false);
             record_of(s.int64(0)).follow_up.extensions.push_back(std::move(e));
             return {};
           }));
  FOLLOWUP_TRY(
      each("SELECT recommendation, id, on_date, text, priority, reason, by_user, recorded_at, late "
           "FROM revisions WHERE recommendation IN " +
               in_page +
               " "
               "ORDER BY recommendation, on_date, id",
           "read revisions", [&](Statement& s) -> Status {
             Revision r;
             r.id = s.int64(1);
             auto on = stored_date(s.text(2), "a revision's date");
             if (!on) return on.error();
             r.on = *on;
             r.text = s.text(3);
             auto priority = stored_word(parse_priority(s.text(4)), s.text(4), "a priority");
             if (!priority) return priority.error();
             r.priority = *priority;
             r.reason = s.text(5);
             r.by = s.text(6);
             r.recorded = recorded_of(s, 7, false);
             const std::size_t row = at.at(s.int64(0));
             auto& list = rows[row].record.follow_up.revisions;
             revisions.emplace(r.id, Place{row, list.size()});
             list.push_back(std::move(r));
             return {};
           }));
  FOLLOWUP_TRY(
      each_of(!revisions.empty(),
              "SELECT u.revision, u.unit, u.name_as_written FROM revision_units u JOIN revisions v ON "
              "v.id = u.revision WHERE v.recommendation IN " +
                  in_page +
                  " "
                  "ORDER BY u.revision, u.position",
              "read a revision's units", [&](Statement& s) -> Status {
                const Place p = revisions.at(s.int64(0));
                Revision& r = rows[p.row].record.follow_up.revisions[p.index];
                r.units.push_back(s.text(1));
                r.responsible.push_back(s.text(2));
                return {};
              }));
  return {};
}

Status SqlTransaction::load_progress_reports(std::vector<LoadedRecord>& rows,
                                             const std::unordered_map<long long, std::size_t>& at,
                                             const PageIds& page) {
  const std::string& in_page = page.in();
  auto each = [&](const std::string& sql, std::string_view what, auto&& row) -> Status {
    return each_in_page(m_db, sql, page, what, row);
  };
  auto each_of = [&](bool parents, const std::string& sql, std::string_view what, auto&& row) -> Status {
    if (!parents) return {};
    return each(sql, what, row);
  };
  // Where each report went.
  struct Place {
    std::size_t row, index;
  };
  std::unordered_map<long long, Place> reports;
  FOLLOWUP_TRY(
      each("SELECT recommendation, id, unit, status, text, reported, by_user, recorded_at, late, on_behalf "
           "FROM progress_reports WHERE recommendation IN " +
               in_page +
               " "
               "ORDER BY recommendation, reported, id",
           "read progress reports", [&](Statement& s) -> Status {
             ProgressReport report;
             report.id = s.int64(1);
             report.unit = s.text(2);
             auto status = stored_word(parse_claimed_status(s.text(3)), s.text(3), "a claimed status");
             if (!status) return status.error();
             report.status = *status;
             report.text = s.text(4);
             auto reported = stored_date(s.text(5), "a report date");
             if (!reported) return reported.error();
             report.reported = *reported;
             report.by = s.text(6);
             report.recorded = recorded_of(s, 7);
             const std::size_t row = at.at(s.int64(0));
             auto& list = rows[row].record.follow_up.reports;
             reports.emplace(report.id, Place{row, list.size()});
             list.push_back(std::move(report));
             return {};
           }));
  auto report_at = [&](long long id) -> ProgressReport& {
    const Place p = reports.at(id);
    return rows[p.row].record.follow_up.reports[p.index];
  };
  FOLLOWUP_TRY(
      each_of(!reports.empty(),
              "SELECT d.report, d.action FROM report_actions_done d JOIN progress_reports p ON p.id = "
              "d.report WHERE p.recommendation IN " +
                  in_page +
                  " "
                  "ORDER BY d.report, d.position",
              "read actions done", [&](Statement& s) -> Status {
                report_at(s.int64(0)).actions_done.push_back(s.int64(1));
                return {};
              }));
  FOLLOWUP_TRY(each_of(
      !reports.empty(),
      "SELECT e.report, e.sha256, e.name, e.media_type, b.size FROM report_evidence e "
      "JOIN blobs b ON b.sha256 = e.sha256 JOIN progress_reports p ON p.id = e.report "
      "WHERE p.recommendation IN " +
          in_page + " ORDER BY e.report, e.position",
      "read evidence", [&](Statement& s) -> Status {
        report_at(s.int64(0)).evidence.push_back(Evidence{s.text(1), s.text(2), s.text(3), s.int64(4)});
        return {};
      }));
  return {};
}

Result<std::vector<SqlTransaction::LoadedRecord>> SqlTransaction::load_where(const std::string& where,
                                                                             const Binder& bind,
                                                                             bool listing) {
  const std::string sql = std::string("SELECT ") + k_record_columns + k_record_tables + where;
  auto stmt = m_db.prepare(sql.c_str());
  if (!stmt) return stmt.error();
  bind(*stmt);
  std::vector<LoadedRecord> rows;
  FOLLOWUP_TRY(each_row(*stmt, "list recommendations", [&]() { return read_record_row(*stmt, rows); }));
  FOLLOWUP_TRY(load_lists(rows, listing));
  return rows;
}

namespace {

std::vector<RecommendationRecord> records_of(std::vector<SqlTransaction::LoadedRecord>&& rows) {
  std::vector<RecommendationRecord> out;
  out.reserve(rows.size());
  for (auto& row : rows) out.push_back(std::move(row.record));
  return out;
}

}  // namespace

Result<std::vector<RecommendationRecord>> SqlTransaction::list_recommendations(
    const RecommendationFilter& filter) {
  FOLLOWUP_TRY(check_open());
  RecommendationPage page;
  page.unit = filter.unit;
  page.evaluation = filter.evaluation;
  page.due_before = filter.due_before;
  return page_recommendations(page);
}

Result<std::optional<RecommendationRecord>> SqlTransaction::find_recommendation(std::string_view evaluation,
                                                                                int number) {
  FOLLOWUP_TRY(check_open());
  auto rows = load_where("WHERE r.evaluation = ?1 AND r.number = ?2",
                         [&](Statement& s) { s.bind(1, evaluation).bind(2, number); });
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<RecommendationRecord>{};
  if (m_writable && m_keep_index) m_last_found = rows->front();
  return std::optional<RecommendationRecord>(std::move(rows->front().record));
}

Result<std::vector<RecommendationRecord>> SqlTransaction::page_recommendations(const RecommendationPage& q) {
  FOLLOWUP_TRY(check_open());
  if (q.owing_before && q.unit)
    return make_error(ErrorCode::internal,
                      "recommendations owing something are kept for all units, not per unit");
  if (q.owed_by || !q.seen_by.empty()) {
    if (q.unit || q.evaluation || q.due_before || q.unanswered_before || q.owing_before ||
        (q.owed_by && !q.seen_by.empty()))
      return make_error(ErrorCode::internal,
                        "what a unit owes or may see is read alone, with no other filter");
    // The unit's pending rows (or every row of the units) and the
    // recommendations holding their actions: a unit's share of the store,
    // so their records are sorted into the listing's order.
    // The units as parameters ?10, ?11...: a unit user has a few.
    std::string units = "(";
    for (std::size_t i = 0; i < q.seen_by.size(); ++i) units += (i ? ", ?" : "?") + std::to_string(10 + i);
    units += ")";
    std::string where = "WHERE r.id IN (SELECT x.recommendation FROM followup_index x WHERE x.unit ";
    where += q.owed_by ? "= ?1 AND x.pending_due IS NOT NULL" : "IN " + units;
    where +=
        " UNION SELECT rs.recommendation FROM key_actions ka JOIN responses rs ON rs.id = ka.response WHERE "
        "ka.unit ";
    where += q.owed_by ? "= ?1)" : "IN " + units + ")";
    if (q.after) where += " AND (r.evaluation, r.number) > (?3, ?4)";
    where += " ORDER BY r.evaluation, r.number";
    if (q.limit > 0) where += " LIMIT ?7";
    auto rows = load_where(
        where,
        [&](Statement& s) {
          if (q.owed_by) s.bind(1, *q.owed_by);
          for (std::size_t i = 0; i < q.seen_by.size(); ++i) s.bind(static_cast<int>(10 + i), q.seen_by[i]);
          if (q.after) s.bind(3, q.after->first).bind(4, q.after->second);
          if (q.limit > 0) s.bind(7, q.limit);
        },
        q.listing);
    if (!rows) return rows.error();
    return records_of(std::move(*rows));
  }
  // The page's recommendations come from the kept index (one row per
  // recommendation and unit), which holds every filter's column in the
  // order of the listing.
  auto rows = load_where(
      "WHERE r.id IN (SELECT x.recommendation FROM followup_index x " + kept_page_where(q) +
          ") ORDER BY r.evaluation, r.number",
      [&](Statement& s) { bind_kept_page(s, q); }, q.listing);
  if (!rows) return rows.error();
  return records_of(std::move(*rows));
}

Result<std::vector<ListedRecord>> SqlTransaction::page_listed(const RecommendationPage& q) {
  FOLLOWUP_TRY(check_open());
  if (q.owing_before || q.owed_by || !q.seen_by.empty())
    return make_error(ErrorCode::internal,
                      "a listing's page is read by unit, evaluation, dates and place only");
  // The kept index's rows in the listing's order, each with its
  // recommendation and evaluation, and the recommendation's own overdue
  // date, which every row carries.
  auto stmt =
      m_db.prepare(std::string("SELECT ") + k_record_columns + ", x.rec_unanswered_due" + k_record_tables +
                   "JOIN followup_index x ON x.recommendation = r.id " + kept_page_where(q));
  if (!stmt) return stmt.error();
  bind_kept_page(*stmt, q);
  std::vector<LoadedRecord> rows;
  std::vector<std::optional<Date>> unanswered;
  FOLLOWUP_TRY(each_row(*stmt, "list recommendations", [&]() -> Status {
    if (auto read = read_record_row(*stmt, rows); !read) return read;
    auto due = stored_optional_date(stmt->optional_text(8), "an overdue date");
    if (!due) return due.error();
    unanswered.push_back(*due);
    return {};
  }));
  if (rows.empty()) return std::vector<ListedRecord>{};
  std::vector<long long> ids;
  std::unordered_map<long long, std::size_t> at;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ids.push_back(rows[i].id);
    at.emplace(rows[i].id, i);
  }
  FOLLOWUP_TRY(load_units(rows, at, PageIds(m_db.dialect(), ids)));
  std::vector<ListedRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back({std::move(rows[i].record), unanswered[i]});
  return out;
}

// ---- Follow-up steps

Result<long long> SqlTransaction::insert_action(long long response, const KeyAction& action) {
  auto stmt = prepare_insert(
      m_db,
      "INSERT INTO key_actions (response, unit, description, due, added, by_user, recorded_at, late, "
      "on_behalf) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!stmt) return stmt.error();
  stmt->bind(1, response)
      .bind(2, action.unit)
      .bind(3, action.description)
      .bind(4, action.due.iso())
      .bind(5, action.added.iso())
      .bind(6, action.by)
      .bind(7, action.recorded.at)
      .bind(8, action.recorded.late ? 1 : 0)
      .bind(9, action.recorded.on_behalf ? 1 : 0);
  return inserted_id(*stmt, "add key action");
}

Status SqlTransaction::put_response(std::string_view evaluation, int number,
                                    const ManagementResponse& response) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("record the response of " + response.unit + " to " + ref, [&]() -> Status {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    FOLLOWUP_TRY(require_unit(response.unit, "response to " + ref));
    for (const KeyAction& action : response.actions)
      FOLLOWUP_TRY(require_unit(action.unit, "action for " + ref));
    auto stmt = m_db.prepare(
        "INSERT INTO responses (recommendation, unit, decision, rationale, responded, by_user, recorded_at, "
        "late, on_behalf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (recommendation, unit) DO "
        "UPDATE SET decision = excluded.decision, rationale = excluded.rationale, responded = "
        "excluded.responded, by_user = excluded.by_user, recorded_at = excluded.recorded_at, late = "
        "excluded.late, on_behalf = excluded.on_behalf");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, response.unit)
        .bind(3, to_string(response.decision))
        .bind(4, response.rationale)
        .bind(5, response.responded.iso())
        .bind(6, response.by)
        .bind(7, response.recorded.at)
        .bind(8, response.recorded.late ? 1 : 0)
        .bind(9, response.recorded.on_behalf ? 1 : 0);
    FOLLOWUP_TRY(stmt->run("record response"));
    auto id = response_id(*rec, response.unit);
    if (!id) return id.error();
    if (!id->has_value())
      return make_error(ErrorCode::internal, "the response to " + ref + " vanished after writing");
    for (const KeyAction& action : response.actions) {
      auto added = insert_action(**id, action);
      if (!added) return added.error();
    }
    return {};
  });
}

Result<long long> SqlTransaction::add_action(std::string_view evaluation, int number,
                                             const KeyAction& action) {
  return add_action_to_response(evaluation, number, action.unit, action);
}

Result<long long> SqlTransaction::add_action_to_response(std::string_view evaluation, int number,
                                                         std::string_view response_unit,
                                                         const KeyAction& action) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("add an action to " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    auto response = response_id(*rec, response_unit);
    if (!response) return response.error();
    if (!response->has_value()) return store_rules::not_responded(response_unit, ref);
    FOLLOWUP_TRY(require_unit(action.unit, "action for " + ref));
    return insert_action(**response, action);
  });
}

Result<long long> SqlTransaction::add_action_event(long long action_id, const ActionEvent& event) {
  std::string what = "change action " + std::to_string(action_id);
  return atomically(what, [&]() -> Result<long long> {
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO action_events (action, on_date, status, due, reason, by_user, report, recorded_at, "
        "late, "
        "on_behalf) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM key_actions WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, action_id)
        .bind(2, event.on.iso())
        .bind(3,
              event.status ? std::optional<std::string>(std::string(to_string(*event.status))) : std::nullopt)
        .bind(4, optional_date_text(event.due))
        .bind(5, event.reason)
        .bind(6, event.by)
        .bind(8, event.recorded.at)
        .bind(9, event.recorded.late ? 1 : 0)
        .bind(10, event.recorded.on_behalf ? 1 : 0);
    if (event.report == 0)
      stmt->bind_null(7);
    else
      stmt->bind(7, event.report);
    auto id = stmt->run_returning_id(what);
    if (!id) return id.error();
    if (!*id) return store_rules::action_not_found(action_id);
    FOLLOWUP_TRY(touch_where(
        "SELECT r.recommendation FROM key_actions a JOIN responses r ON r.id = a.response WHERE a.id = ?1",
        [&](Statement& q) { q.bind(1, action_id); }));
    return **id;
  });
}

Result<long long> SqlTransaction::add_report(std::string_view evaluation, int number,
                                             const ProgressReport& report) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("add a progress report to " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    m_reports_only = true;
    FOLLOWUP_TRY(require_unit(report.unit, "progress report on " + ref));
    for (long long action : report.actions_done) {
      auto stmt = m_db.prepare(
          "SELECT 1 FROM key_actions a JOIN responses r ON r.id = a.response WHERE a.id = ?1 AND "
          "r.recommendation = ?2");
      if (!stmt) return stmt.error();
      stmt->bind(1, action).bind(2, *rec);
      auto row = stmt->step("find key action");
      if (!row) return row.error();
      if (!*row) return store_rules::action_not_of(action, ref);
    }
    FOLLOWUP_TRY(require_blobs(report.evidence));
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO progress_reports (recommendation, unit, status, text, reported, by_user, recorded_at, "
        "late, "
        "on_behalf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, report.unit)
        .bind(3, to_string(report.status))
        .bind(4, report.text)
        .bind(5, report.reported.iso())
        .bind(6, report.by)
        .bind(7, report.recorded.at)
        .bind(8, report.recorded.late ? 1 : 0)
        .bind(9, report.recorded.on_behalf ? 1 : 0);
    auto inserted = inserted_id(*stmt, "add progress report");
    if (!inserted) return inserted.error();
    const long long id = *inserted;
    for (std::size_t i = 0; i < report.actions_done.size(); ++i) {
      auto add =
          m_db.prepare("INSERT INTO report_actions_done (report, position, action) VALUES (?1, ?2, ?3)");
      if (!add) return add.error();
      FOLLOWUP_TRY(add->bind(1, id)
                       .bind(2, static_cast<long long>(i))
                       .bind(3, report.actions_done[i])
                       .run("add action done"));
    }
    FOLLOWUP_TRY(
        insert_evidence("INSERT INTO report_evidence (report, position, sha256, name, media_type) VALUES "
                        "(?1, ?2, ?3, ?4, ?5)",
                        id, report.evidence, "attach evidence"));
    return id;
  });
}

Status SqlTransaction::add_validation(std::string_view evaluation, int number, const Validation& validation) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("validate " + ref, [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_validation(ref, validation));
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    auto stmt = m_db.prepare(
        "INSERT INTO validations (recommendation, rating, comment, validated, by_user, recorded_at, late) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, validation.rating)
        .bind(3, validation.comment)
        .bind(4, validation.validated.iso())
        .bind(5, validation.by)
        .bind(6, validation.recorded.at)
        .bind(7, validation.recorded.late ? 1 : 0);
    return stmt->run("add validation");
  });
}

Status SqlTransaction::require_blobs(const std::vector<Evidence>& evidence) {
  for (const Evidence& e : evidence) {
    auto stmt = m_db.prepare("SELECT 1 FROM blobs WHERE sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, e.sha256);
    auto row = stmt->step("find evidence");
    if (!row) return row.error();
    if (!*row) return store_rules::evidence_not_stored(e);
  }
  return {};
}

Result<long long> SqlTransaction::add_closing(std::string_view evaluation, int number,
                                              const ClosingEvent& closing) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically((closing.reopening ? "reopen " : "close ") + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    FOLLOWUP_TRY(require_blobs(closing.evidence));
    for (const auto& unit : closing.unresponsive) FOLLOWUP_TRY(require_unit(unit, "closing of " + ref));
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO closings (recommendation, kind, outcome, on_date, by_user, reason, waiver, override, "
        "recorded_at, late) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, closing.reopening ? "reopening" : "closing")
        .bind(3, closing.reopening ? std::nullopt
                                   : std::optional<std::string>(std::string(to_string(closing.outcome))))
        .bind(4, closing.on.iso())
        .bind(5, closing.by)
        .bind(6, closing.reason)
        .bind(7, closing.waiver)
        .bind(8, closing.override_reason)
        .bind(9, closing.recorded.at)
        .bind(10, closing.recorded.late ? 1 : 0);
    auto inserted = inserted_id(*stmt, closing.reopening ? "reopen" : "close");
    if (!inserted) return inserted.error();
    const long long id = *inserted;
    for (std::size_t i = 0; i < closing.unresponsive.size(); ++i) {
      auto add =
          m_db.prepare("INSERT INTO closing_unresponsive (closing, position, unit) VALUES (?1, ?2, ?3)");
      if (!add) return add.error();
      FOLLOWUP_TRY(add->bind(1, id)
                       .bind(2, static_cast<long long>(i))
                       .bind(3, closing.unresponsive[i])
                       .run("record a unit that never responded"));
    }
    FOLLOWUP_TRY(
        insert_evidence("INSERT INTO closing_evidence (closing, position, sha256, name, media_type) VALUES "
                        "(?1, ?2, ?3, ?4, ?5)",
                        id, closing.evidence, "attach closing evidence"));
    return id;
  });
}

Result<long long> SqlTransaction::add_extension(std::string_view evaluation, int number,
                                                const Extension& extension) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("extend " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    if (!extension.unit.empty()) FOLLOWUP_TRY(require_unit(extension.unit, "extension of " + ref));
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO extensions (recommendation, unit, due, reason, granted, by_user, recorded_at, late) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, extension.unit.empty() ? std::nullopt : std::optional<std::string>(extension.unit))
        .bind(3, extension.due.iso())
        .bind(4, extension.reason)
        .bind(5, extension.granted.iso())
        .bind(6, extension.by)
        .bind(7, extension.recorded.at)
        .bind(8, extension.recorded.late ? 1 : 0);
    return inserted_id(*stmt, "extend");
  });
}

Result<long long> SqlTransaction::add_due_date_request(const DueDateRequest& request) {
  std::string ref = recommendation_ref(request.evaluation, request.number);
  return atomically("request a due date for " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(request.evaluation, request.number);
    if (!rec) return rec.error();
    FOLLOWUP_TRY(require_unit(request.unit, "due-date request on " + ref));
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO due_date_requests (recommendation, unit, due, reason, requested, by_user, recorded_at, "
        "late, "
        "on_behalf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, request.unit)
        .bind(3, request.due.iso())
        .bind(4, request.reason)
        .bind(5, request.requested.iso())
        .bind(6, request.by)
        .bind(7, request.recorded.at)
        .bind(8, request.recorded.late ? 1 : 0)
        .bind(9, request.recorded.on_behalf ? 1 : 0);
    return inserted_id(*stmt, "request a due date");
  });
}

Status SqlTransaction::answer_due_date_request(long long id, const DueDateAnswer& answer) {
  return atomically("answer due-date request " + std::to_string(id), [&]() -> Status {
    auto found = find_due_date_request(id);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::not_found, "no due-date request " + std::to_string(id));
    if ((*found)->answer)
      return make_error(ErrorCode::failed_precondition, "due-date request " + std::to_string(id) +
                                                            " was answered on " + (*found)->answer->on.iso());
    auto stmt = m_db.prepare(
        "INSERT INTO due_date_answers (request, granted, text, extension, on_date, by_user, recorded_at, "
        "late) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, answer.granted ? 1 : 0).bind(3, answer.text);
    if (answer.extension != 0)
      stmt->bind(4, answer.extension);
    else
      stmt->bind_null(4);
    stmt->bind(5, answer.on.iso())
        .bind(6, answer.by)
        .bind(7, answer.recorded.at)
        .bind(8, answer.recorded.late ? 1 : 0);
    return stmt->run("answer a due-date request");
  });
}

namespace {

// The columns list_due_date_requests and find_due_date_request read.
constexpr const char* k_due_date_request_select =
    "SELECT q.id, r.evaluation, r.number, q.unit, q.due, q.reason, q.requested, q.by_user, q.recorded_at, "
    "q.late, "
    "q.on_behalf, a.granted, a.text, a.extension, a.on_date, a.by_user, a.recorded_at, a.late "
    "FROM due_date_requests q JOIN recommendations r ON r.id = q.recommendation "
    "LEFT JOIN due_date_answers a ON a.request = q.id ";

Result<DueDateRequest> due_date_request_of(const Statement& s) {
  DueDateRequest q;
  q.id = s.int64(0);
  q.evaluation = s.text(1);
  q.number = static_cast<int>(s.int64(2));
  q.unit = s.text(3);
  auto due = stored_date(s.text(4), "a requested due date");
  if (!due) return due.error();
  q.due = *due;
  q.reason = s.text(5);
  auto requested = stored_date(s.text(6), "a due-date request's date");
  if (!requested) return requested.error();
  q.requested = *requested;
  q.by = s.text(7);
  q.recorded = recorded_of(s, 8);
  if (!s.is_null(11)) {
    DueDateAnswer a;
    a.granted = s.int64(11) != 0;
    a.text = s.text(12);
    a.extension = s.is_null(13) ? 0 : s.int64(13);
    auto on = stored_date(s.text(14), "an answer's date");
    if (!on) return on.error();
    a.on = *on;
    a.by = s.text(15);
    a.recorded = recorded_of(s, 16, false);
    q.answer = std::move(a);
  }
  return q;
}

}  // namespace

Result<std::vector<DueDateRequest>> SqlTransaction::list_due_date_requests(std::string_view evaluation,
                                                                           int number, bool pending_only) {
  if (auto st = check_open(); !st) return st.error();
  std::string sql = std::string(k_due_date_request_select) + "WHERE 1 = 1";
  if (!evaluation.empty()) sql += " AND r.evaluation = ?1 AND r.number = ?2";
  if (pending_only) sql += " AND a.request IS NULL";
  sql += " ORDER BY q.id";
  auto stmt = m_db.prepare(sql);
  if (!stmt) return stmt.error();
  if (!evaluation.empty()) stmt->bind(1, evaluation).bind(2, number);
  std::vector<DueDateRequest> out;
  FOLLOWUP_TRY(each_row(*stmt, "read due-date requests", [&]() -> Status {
    auto q = due_date_request_of(*stmt);
    if (!q) return q.error();
    out.push_back(std::move(*q));
    return {};
  }));
  return out;
}

Result<std::optional<DueDateRequest>> SqlTransaction::find_due_date_request(long long id) {
  if (auto st = check_open(); !st) return st.error();
  auto stmt = m_db.prepare(std::string(k_due_date_request_select) + "WHERE q.id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step("find a due-date request");
  if (!row) return row.error();
  if (!*row) return std::optional<DueDateRequest>{};
  auto q = due_date_request_of(*stmt);
  if (!q) return q.error();
  return std::optional<DueDateRequest>(std::move(*q));
}

Result<long long> SqlTransaction::add_revision(std::string_view evaluation, int number,
                                               const Revision& revision) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("revise " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    Recommendation as_rec;
    as_rec.number = number;
    as_rec.units = revision.units;
    as_rec.responsible = revision.responsible;
    FOLLOWUP_TRY(check_recommendation_units(evaluation, as_rec));
    FOLLOWUP_TRY(store_rules::check_revision(ref, revision));
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO revisions (recommendation, on_date, text, priority, reason, by_user, recorded_at, late) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *rec)
        .bind(2, revision.on.iso())
        .bind(3, revision.text)
        .bind(4, to_string(revision.priority))
        .bind(5, revision.reason)
        .bind(6, revision.by)
        .bind(7, revision.recorded.at)
        .bind(8, revision.recorded.late ? 1 : 0);
    auto inserted = inserted_id(*stmt, "revise");
    if (!inserted) return inserted.error();
    const long long id = *inserted;
    for (std::size_t i = 0; i < revision.units.size(); ++i) {
      auto add = m_db.prepare(
          "INSERT INTO revision_units (revision, position, unit, name_as_written) VALUES (?1, ?2, ?3, ?4)");
      if (!add) return add.error();
      FOLLOWUP_TRY(add->bind(1, id)
                       .bind(2, static_cast<long long>(i))
                       .bind(3, revision.units[i])
                       .bind(4, revision.responsible[i])
                       .run("record a revision's unit"));
    }
    return id;
  });
}

// ---- Blobs

Status SqlTransaction::put_blob(const Evidence& meta, std::string_view content) {
  return atomically("store evidence " + meta.name, [&]() -> Status {
    FOLLOWUP_TRY(store_rules::check_blob(meta, content));
    auto stmt = m_db.prepare(
        "INSERT INTO blobs (sha256, name, media_type, size, content) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (sha256) DO NOTHING");
    if (!stmt) return stmt.error();
    stmt->bind(1, meta.sha256)
        .bind(2, meta.name)
        .bind(3, meta.media_type)
        .bind(4, static_cast<long long>(content.size()))
        .bind_blob(5, content);
    return stmt->run("store evidence " + meta.name);
  });
}

Status SqlTransaction::insert_evidence(const char* insert, long long owner,
                                       const std::vector<Evidence>& files, const char* what) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto add = m_db.prepare(insert);
    if (!add) return add.error();
    add->bind(1, owner)
        .bind(2, static_cast<long long>(i))
        .bind(3, files[i].sha256)
        .bind(4, files[i].name)
        .bind(5, files[i].media_type);
    FOLLOWUP_TRY(add->run(what));
  }
  return {};
}

Result<std::vector<std::pair<std::string, int>>> SqlTransaction::find_evidence_holders(
    std::string_view sha256) {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare(
      "SELECT r.evaluation, r.number FROM report_evidence x JOIN progress_reports p ON p.id = x.report "
      "JOIN recommendations r ON r.id = p.recommendation WHERE x.sha256 = ?1 "
      "UNION SELECT r.evaluation, r.number FROM closing_evidence x JOIN closings c ON c.id = x.closing "
      "JOIN recommendations r ON r.id = c.recommendation WHERE x.sha256 = ?1 ORDER BY 1, 2");
  if (!stmt) return stmt.error();
  stmt->bind(1, sha256);
  std::vector<std::pair<std::string, int>> out;
  FOLLOWUP_TRY(each_row(*stmt, "find evidence", [&]() -> Status {
    out.emplace_back(stmt->text(0), static_cast<int>(stmt->int64(1)));
    return {};
  }));
  return out;
}

Result<std::optional<std::string>> SqlTransaction::get_blob(std::string_view sha256) {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare("SELECT content FROM blobs WHERE sha256 = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, sha256);
  auto row = stmt->step("read evidence");
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(stmt->blob(0));
}

// ---- History

Result<HistoryEntry> SqlTransaction::append_history(const HistoryEvent& event) {
  return atomically("append to the history of " + event.entity, [&]() -> Result<HistoryEntry> {
    HistoryEntry entry;
    entry.event = event;
    entry.prev_hash = std::string(k_first_prev_hash);
    FOLLOWUP_TRY(store_rules::check_history_key(m_key));
    // The head is read under the lock every append takes (store.h).
    if (auto lock = m_db.dialect().lock_history_head(); !lock.empty())
      FOLLOWUP_TRY(m_db.exec(lock, "lock the history's head"));
    {
      auto last = m_db.prepare("SELECT hash FROM history ORDER BY id DESC LIMIT 1");
      if (!last) return last.error();
      auto row = last->step("read the history's last entry");
      if (!row) return row.error();
      if (*row) entry.prev_hash = last->text(0);
    }
    entry.hash = history_hash(entry.prev_hash, event);
    entry.mac = history_mac(*m_key, entry.hash);
    auto stmt = prepare_insert(
        m_db,
        "INSERT INTO history (actor, at, entity, action, before, after, prev_hash, hash, ops, mac) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!stmt) return stmt.error();
    stmt->bind(1, event.actor)
        .bind(2, event.at)
        .bind(3, event.entity)
        .bind(4, event.action)
        .bind(5, event.before)
        .bind(6, event.after)
        .bind(7, entry.prev_hash)
        .bind(8, entry.hash)
        .bind(9, event.ops)
        .bind(10, entry.mac);
    auto id = inserted_id(*stmt, "append to the history");
    if (!id) return id.error();
    entry.id = *id;
    return entry;
  });
}

Result<std::vector<HistoryEntry>> SqlTransaction::history(std::optional<std::string_view> entity) {
  FOLLOWUP_TRY(check_open());
  // An entity and what lies under it, as ranges of the (entity, id) index
  // (each range its own subquery: SQLite would rather scan the whole table
  // in id order than join ORed ranges).
  const Dialect& dialect = m_db.dialect();
  auto is_separator = [](char c) { return c == ':' || c == '#' || c == '/'; };
  std::string sql =
      "SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac FROM history ";
  const bool exact = entity && (entity->empty() || !is_separator(entity->back()));
  const int first = exact ? 2 : 1;    // the first prefix's parameter; ?1 is the entity itself
  std::vector<std::string> prefixes;  // two parameters each
  auto next_range = [&](std::string prefix) {
    const int n = first + 2 * static_cast<int>(prefixes.size());
    prefixes.push_back(std::move(prefix));
    return "SELECT id FROM history WHERE " + dialect.prefix_match("entity", n);
  };
  if (exact) {
    sql += "WHERE id IN (SELECT id FROM history WHERE entity = ?1";
    for (const char* sep : {":", "#", "/"}) sql += " UNION ALL " + next_range(std::string(*entity) + sep);
    sql += ") ";
  } else if (entity) {
    sql += "WHERE id IN (" + next_range(std::string(*entity)) + ") ";
  }
  sql += "ORDER BY id";
  return read_history(sql, [&](Statement& stmt) {
    if (exact) stmt.bind(1, *entity);
    for (std::size_t i = 0; i < prefixes.size(); ++i)
      dialect.bind_prefix(stmt, first + 2 * static_cast<int>(i), prefixes[i]);
  });
}

Result<std::vector<HistoryEntry>> SqlTransaction::history_after(long long after_id, int limit) {
  FOLLOWUP_TRY(check_open());
  return read_history(
      "SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac FROM history "
      "WHERE id > ?1 ORDER BY id LIMIT ?2",
      [&](Statement& stmt) { stmt.bind(1, after_id).bind(2, limit); });
}

Result<std::vector<HistoryEntry>> SqlTransaction::read_history(std::string_view sql, const Binder& bind) {
  auto stmt = m_db.prepare(sql);
  if (!stmt) return stmt.error();
  bind(*stmt);
  std::vector<HistoryEntry> out;
  FOLLOWUP_TRY(each_row(*stmt, "read the history", [&]() -> Status {
    HistoryEntry entry;
    entry.id = stmt->int64(0);
    entry.event = HistoryEvent{stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4),
                               stmt->text(5), stmt->text(6), stmt->text(9)};
    entry.prev_hash = stmt->text(7);
    entry.hash = stmt->text(8);
    entry.mac = stmt->text(10);
    out.push_back(std::move(entry));
    return {};
  }));
  return out;
}

Result<std::pair<long long, std::string>> SqlTransaction::history_head() {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step("read the history's head");
  if (!row) return row.error();
  if (!*row) return std::pair<long long, std::string>{0, ""};
  return std::pair<long long, std::string>{stmt->int64(0), stmt->text(1)};
}

}  // namespace followup::sql
