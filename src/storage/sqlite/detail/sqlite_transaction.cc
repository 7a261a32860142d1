#include "storage/sqlite/detail/sqlite_transaction.h"

#include <set>
#include <string>
#include <utility>

#include "core/names.h"
#include "core/reference.h"
#include "util/sha256.h"

// Every operation is a chain of steps that may each fail; this returns the
// first failure. Local to this file.
#define FOLLOWUP_TRY(expr)                             \
  do {                                                 \
    if (auto followup_try_ = (expr); !followup_try_) { \
      return followup_try_.error();                    \
    }                                                  \
  } while (false)

namespace followup::sqlite_detail {

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

// Steps `stmt` to its end, calling `row` for each row.
template <typename F>
Status each_row(Statement& stmt, std::string_view what, F&& row) {
  while (true) {
    auto more = stmt.step(what);
    if (!more) return more.error();
    if (!*more) return {};
    FOLLOWUP_TRY(row());
  }
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

}  // namespace

// ---- Plumbing

Status SqliteTransaction::check_open() {
  // SQLite ends a transaction by itself on some failures (disk full, I/O
  // error); carrying on would write outside any transaction.
  if (m_db.autocommit())
    return make_error(ErrorCode::internal, "the transaction has ended: an earlier failure rolled it back");
  return {};
}

template <typename F>
auto SqliteTransaction::atomically(std::string_view what, F&& body) -> decltype(body()) {
  FOLLOWUP_TRY(check_open());
  if (!m_writable)
    return make_error(
        ErrorCode::failed_precondition,
        std::string(what) + ": refused in a read transaction (Store::read); writes need Store::run");
  FOLLOWUP_TRY(m_db.exec("SAVEPOINT followup_step", what));
  auto result = body();
  if (result) {
    FOLLOWUP_TRY(m_db.exec("RELEASE followup_step", what));
  } else if (!m_db.autocommit()) {
    FOLLOWUP_TRY(m_db.exec("ROLLBACK TO followup_step; RELEASE followup_step", what));
  }
  return result;
}

Status SqliteTransaction::require_unit(std::string_view code, std::string_view context) {
  auto stmt = m_db.prepare("SELECT 1 FROM units WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step("find unit");
  if (!row) return row.error();
  if (!*row)
    return make_error(ErrorCode::not_found,
                      std::string(context) + ": unit " + std::string(code) + " is not in the unit directory");
  return {};
}

Result<long long> SqliteTransaction::require_recommendation(std::string_view evaluation, int number) {
  auto stmt = m_db.prepare("SELECT id FROM recommendations WHERE evaluation = ?1 AND number = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, evaluation).bind(2, number);
  auto row = stmt->step("find recommendation");
  if (!row) return row.error();
  if (!*row)
    return make_error(ErrorCode::not_found,
                      "recommendation " + recommendation_ref(evaluation, number) + " not found");
  return stmt->int64(0);
}

Result<std::optional<long long>> SqliteTransaction::response_id(long long recommendation,
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

Result<Unit> SqliteTransaction::load_unit_lists(Unit unit) {
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

Result<std::vector<Unit>> SqliteTransaction::list_units() {
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
  for (Unit& unit : units) {
    auto loaded = load_unit_lists(std::move(unit));
    if (!loaded) return loaded.error();
    unit = std::move(*loaded);
  }
  return units;
}

Result<std::optional<Unit>> SqliteTransaction::find_unit(std::string_view code) {
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

Status SqliteTransaction::write_unit_lists(const Unit& unit) {
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

Status SqliteTransaction::add_unit(const Unit& unit) {
  return atomically("add unit " + unit.code, [&]() -> Status {
    if (unit.code.empty()) return make_error(ErrorCode::invalid_argument, "a unit needs a code");
    auto existing = find_unit(unit.code);
    if (!existing) return existing.error();
    if (existing->has_value())
      return make_error(ErrorCode::already_exists, "unit " + unit.code + " already exists");
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

Status SqliteTransaction::update_unit(const Unit& unit) {
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
    if (m_db.changes() == 0) return make_error(ErrorCode::not_found, "unit " + unit.code + " not found");
    return write_unit_lists(unit);
  });
}

// ---- Users

Result<User> SqliteTransaction::load_user_lists(User user) {
  auto roles = m_db.prepare("SELECT role FROM user_roles WHERE user = ?1 ORDER BY position");
  if (!roles) return roles.error();
  roles->bind(1, user.name);
  FOLLOWUP_TRY(each_row(*roles, "read user roles", [&]() -> Status {
    auto role = stored_word(parse_role(roles->text(0)), roles->text(0), "a role");
    if (!role) return role.error();
    user.roles.push_back(*role);
    return {};
  }));
  auto units = m_db.prepare("SELECT unit FROM user_units WHERE user = ?1 ORDER BY position");
  if (!units) return units.error();
  units->bind(1, user.name);
  FOLLOWUP_TRY(each_row(*units, "read user units", [&]() -> Status {
    user.units.push_back(units->text(0));
    return {};
  }));
  return user;
}

Result<std::vector<User>> SqliteTransaction::list_users() {
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

Result<std::optional<User>> SqliteTransaction::find_user(std::string_view name) {
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

Status SqliteTransaction::write_user_lists(const User& user) {
  std::set<Role> roles(user.roles.begin(), user.roles.end());
  if (roles.size() != user.roles.size())
    return make_error(ErrorCode::invalid_argument, "user " + user.name + " lists a role twice");
  std::set<std::string> units(user.units.begin(), user.units.end());
  if (units.size() != user.units.size())
    return make_error(ErrorCode::invalid_argument, "user " + user.name + " lists a unit twice");
  for (const std::string& unit : user.units) FOLLOWUP_TRY(require_unit(unit, "user " + user.name));

  auto clear_roles = m_db.prepare("DELETE FROM user_roles WHERE user = ?1");
  if (!clear_roles) return clear_roles.error();
  FOLLOWUP_TRY(clear_roles->bind(1, user.name).run("replace user roles"));
  auto clear_units = m_db.prepare("DELETE FROM user_units WHERE user = ?1");
  if (!clear_units) return clear_units.error();
  FOLLOWUP_TRY(clear_units->bind(1, user.name).run("replace user units"));
  for (std::size_t i = 0; i < user.roles.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO user_roles (user, position, role) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, static_cast<long long>(i)).bind(3, to_string(user.roles[i]));
    FOLLOWUP_TRY(stmt->run("add role of user " + user.name));
  }
  for (std::size_t i = 0; i < user.units.size(); ++i) {
    auto stmt = m_db.prepare("INSERT INTO user_units (user, position, unit) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, static_cast<long long>(i)).bind(3, user.units[i]);
    FOLLOWUP_TRY(stmt->run("add unit of user " + user.name));
  }
  return {};
}

Status SqliteTransaction::add_user(const User& user) {
  return atomically("add user " + user.name, [&]() -> Status {
    if (user.name.empty()) return make_error(ErrorCode::invalid_argument, "a user needs a name");
    auto existing = find_user(user.name);
    if (!existing) return existing.error();
    if (existing->has_value())
      return make_error(ErrorCode::already_exists, "user " + user.name + " already exists");
    auto stmt = m_db.prepare("INSERT INTO users (name, full_name, email) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, user.full_name).bind(3, user.email);
    FOLLOWUP_TRY(stmt->run("add user " + user.name));
    return write_user_lists(user);
  });
}

Status SqliteTransaction::update_user(const User& user) {
  return atomically("update user " + user.name, [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE users SET full_name = ?2, email = ?3 WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, user.name).bind(2, user.full_name).bind(3, user.email);
    FOLLOWUP_TRY(stmt->run("update user " + user.name));
    if (m_db.changes() == 0) return make_error(ErrorCode::not_found, "user " + user.name + " not found");
    return write_user_lists(user);
  });
}

// ---- Evaluations

Status SqliteTransaction::load_recommendation_units(long long id, Recommendation& rec) {
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

Result<std::vector<Recommendation>> SqliteTransaction::load_recommendations(std::string_view evaluation) {
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

Result<std::optional<Evaluation>> SqliteTransaction::find_evaluation(std::string_view code) {
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

Result<std::optional<std::string>> SqliteTransaction::find_evaluation_by_content_hash(std::string_view hash) {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare("SELECT code FROM evaluations WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, hash);
  auto row = stmt->step("find evaluation by content");
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(stmt->text(0));
}

Result<std::vector<Evaluation>> SqliteTransaction::list_evaluations() {
  FOLLOWUP_TRY(check_open());
  std::vector<std::string> codes;
  {
    auto stmt = m_db.prepare("SELECT code FROM evaluations ORDER BY code");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(each_row(*stmt, "list evaluations", [&]() -> Status {
      codes.push_back(stmt->text(0));
      return {};
    }));
  }
  std::vector<Evaluation> out;
  for (const std::string& code : codes) {
    auto evaluation = find_evaluation(code);
    if (!evaluation) return evaluation.error();
    if (evaluation->has_value()) out.push_back(std::move(**evaluation));
  }
  return out;
}

Status SqliteTransaction::check_recommendation_units(std::string_view evaluation, const Recommendation& rec) {
  std::string ref = recommendation_ref(evaluation, rec.number);
  if (!rec.responsible.empty() && rec.responsible.size() != rec.units.size())
    return make_error(ErrorCode::invalid_argument,
                      "recommendation " + ref + " has " + std::to_string(rec.units.size()) +
                          " unit codes but " + std::to_string(rec.responsible.size()) + " names as written");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rec.units.size(); ++i) {
    const std::string& code = rec.units[i];
    if (code.empty()) {
      std::string message = "recommendation " + ref + ": '";
      message += rec.responsible.empty() ? "unit " + std::to_string(i + 1) : rec.responsible[i];
      message += "' has no unit code (unresolved name)";
      return make_error(ErrorCode::invalid_argument, std::move(message));
    }
    if (!seen.insert(code).second) {
      std::string message = "recommendation " + ref + " lists unit ";
      message += code;
      message += " twice";
      return make_error(ErrorCode::invalid_argument, std::move(message));
    }
    FOLLOWUP_TRY(require_unit(code, "recommendation " + ref));
  }
  return {};
}

Status SqliteTransaction::write_recommendation_units(long long id, const Recommendation& rec) {
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

Status SqliteTransaction::insert_evaluation(const Evaluation& evaluation, std::string_view content_hash) {
  return atomically("insert evaluation " + evaluation.code, [&]() -> Status {
    if (evaluation.code.empty()) return make_error(ErrorCode::invalid_argument, "an evaluation needs a code");
    if (content_hash.empty())
      return make_error(ErrorCode::invalid_argument,
                        "evaluation " + evaluation.code + " needs a content hash");
    {
      auto stmt = m_db.prepare("SELECT 1 FROM evaluations WHERE code = ?1");
      if (!stmt) return stmt.error();
      stmt->bind(1, evaluation.code);
      auto row = stmt->step("find evaluation");
      if (!row) return row.error();
      if (*row)
        return make_error(ErrorCode::already_exists, "evaluation " + evaluation.code + " already exists");
    }
    auto same_content = find_evaluation_by_content_hash(content_hash);
    if (!same_content) return same_content.error();
    if (same_content->has_value())
      return make_error(ErrorCode::already_exists,
                        "this memo was already imported as evaluation " + **same_content);
    std::set<int> numbers;
    for (const Recommendation& rec : evaluation.recommendations) {
      if (!numbers.insert(rec.number).second)
        return make_error(
            ErrorCode::already_exists,
            "recommendation " + recommendation_ref(evaluation.code, rec.number) + " appears twice");
      FOLLOWUP_TRY(check_recommendation_units(evaluation.code, rec));
    }

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
      auto add = m_db.prepare(
          "INSERT INTO recommendations (evaluation, number, text, due, priority) VALUES (?1, ?2, ?3, ?4, "
          "?5)");
      if (!add) return add.error();
      add->bind(1, evaluation.code)
          .bind(2, rec.number)
          .bind(3, rec.text)
          .bind(4, rec.due.iso())
          .bind(5, to_string(rec.priority));
      FOLLOWUP_TRY(add->run("insert recommendation " + recommendation_ref(evaluation.code, rec.number)));
      FOLLOWUP_TRY(write_recommendation_units(m_db.last_insert_rowid(), rec));
    }
    return {};
  });
}

Status SqliteTransaction::set_evaluation_issued(std::string_view code, Date issued) {
  return atomically("issue evaluation " + std::string(code), [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE evaluations SET issued = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, issued.iso()).run("issue evaluation"));
    if (m_db.changes() == 0)
      return make_error(ErrorCode::not_found, "evaluation " + std::string(code) + " not found");
    return {};
  });
}

Status SqliteTransaction::set_evaluation_disclosed(std::string_view code, bool disclosed) {
  return atomically("disclose evaluation " + std::string(code), [&]() -> Status {
    auto stmt = m_db.prepare("UPDATE evaluations SET disclosed = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, disclosed ? 1 : 0).run("disclose evaluation"));
    if (m_db.changes() == 0)
      return make_error(ErrorCode::not_found, "evaluation " + std::string(code) + " not found");
    return {};
  });
}

Status SqliteTransaction::set_evaluation_content_hash(std::string_view code, std::string_view content_hash) {
  return atomically("set the content hash of evaluation " + std::string(code), [&]() -> Status {
    if (content_hash.empty())
      return make_error(ErrorCode::invalid_argument,
                        "evaluation " + std::string(code) + " needs a content hash");
    auto same_content = find_evaluation_by_content_hash(content_hash);
    if (!same_content) return same_content.error();
    if (same_content->has_value() && **same_content != code)
      return make_error(ErrorCode::already_exists,
                        "this memo was already imported as evaluation " + **same_content);
    auto stmt = m_db.prepare("UPDATE evaluations SET content_hash = ?2 WHERE code = ?1");
    if (!stmt) return stmt.error();
    FOLLOWUP_TRY(stmt->bind(1, code).bind(2, content_hash).run("set content hash"));
    if (m_db.changes() == 0)
      return make_error(ErrorCode::not_found, "evaluation " + std::string(code) + " not found");
    return {};
  });
}

Status SqliteTransaction::update_recommendation(std::string_view evaluation, const Recommendation& rec) {
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

// ---- Recommendations with their follow-up

Status SqliteTransaction::load_evidence(const char* sql, long long owner, std::vector<Evidence>& into) {
  auto evidence = m_db.prepare(sql);
  if (!evidence) return evidence.error();
  evidence->bind(1, owner);
  return each_row(*evidence, "read evidence", [&]() -> Status {
    into.push_back(Evidence{evidence->text(0), evidence->text(1), evidence->text(2), evidence->int64(3)});
    return {};
  });
}

Result<FollowUp> SqliteTransaction::load_follow_up(long long recommendation) {
  FollowUp follow_up;
  std::vector<long long> response_ids;
  {
    auto stmt = m_db.prepare(
        "SELECT id, unit, decision, rationale, responded, by_user, recorded_at, late, on_behalf FROM "
        "responses "
        "WHERE recommendation = ?1 ORDER BY unit");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read responses", [&]() -> Status {
      ManagementResponse response;
      response.unit = stmt->text(1);
      auto decision = stored_word(parse_decision(stmt->text(2)), stmt->text(2), "a decision");
      if (!decision) return decision.error();
      response.decision = *decision;
      response.rationale = stmt->text(3);
      auto responded = stored_date(stmt->text(4), "a response date");
      if (!responded) return responded.error();
      response.responded = *responded;
      response.by = stmt->text(5);
      response.recorded = recorded_of(*stmt, 6);
      response_ids.push_back(stmt->int64(0));
      follow_up.responses.push_back(std::move(response));
      return {};
    }));
  }
  for (std::size_t i = 0; i < response_ids.size(); ++i) {
    auto stmt = m_db.prepare(
        "SELECT id, unit, description, due, added, by_user, recorded_at, late, on_behalf FROM key_actions "
        "WHERE response = ?1 ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, response_ids[i]);
    FOLLOWUP_TRY(each_row(*stmt, "read key actions", [&]() -> Status {
      KeyAction action;
      action.id = stmt->int64(0);
      action.unit = stmt->text(1);
      action.description = stmt->text(2);
      auto due = stored_date(stmt->text(3), "an action's due date");
      if (!due) return due.error();
      action.due = *due;
      auto added = stored_date(stmt->text(4), "an action's date");
      if (!added) return added.error();
      action.added = *added;
      action.by = stmt->text(5);
      action.recorded = recorded_of(*stmt, 6);
      follow_up.responses[i].actions.push_back(std::move(action));
      return {};
    }));
    for (KeyAction& action : follow_up.responses[i].actions) {
      auto events = m_db.prepare(
          "SELECT id, on_date, status, due, reason, by_user, report, recorded_at, late, on_behalf "
          "FROM action_events WHERE action = ?1 ORDER BY on_date, id");
      if (!events) return events.error();
      events->bind(1, action.id);
      FOLLOWUP_TRY(each_row(*events, "read action events", [&]() -> Status {
        ActionEvent e;
        e.id = events->int64(0);
        auto on = stored_date(events->text(1), "an action event's date");
        if (!on) return on.error();
        e.on = *on;
        if (auto status = events->optional_text(2)) {
          auto parsed = stored_word(parse_action_status(*status), *status, "an action status");
          if (!parsed) return parsed.error();
          e.status = *parsed;
        }
        auto due = stored_optional_date(events->optional_text(3), "an action's revised due date");
        if (!due) return due.error();
        e.due = *due;
        e.reason = events->text(4);
        e.by = events->text(5);
        e.report = events->int64(6);
        e.recorded = recorded_of(*events, 7);
        action.events.push_back(std::move(e));
        return {};
      }));
    }
  }
  {
    auto stmt = m_db.prepare(
        "SELECT id, unit, status, text, reported, by_user, recorded_at, late, on_behalf FROM "
        "progress_reports "
        "WHERE recommendation = ?1 ORDER BY reported, id");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read progress reports", [&]() -> Status {
      ProgressReport report;
      report.id = stmt->int64(0);
      report.unit = stmt->text(1);
      auto status = stored_word(parse_claimed_status(stmt->text(2)), stmt->text(2), "a claimed status");
      if (!status) return status.error();
      report.status = *status;
      report.text = stmt->text(3);
      auto reported = stored_date(stmt->text(4), "a report date");
      if (!reported) return reported.error();
      report.reported = *reported;
      report.by = stmt->text(5);
      report.recorded = recorded_of(*stmt, 6);
      follow_up.reports.push_back(std::move(report));
      return {};
    }));
  }
  for (ProgressReport& report : follow_up.reports) {
    auto done = m_db.prepare("SELECT action FROM report_actions_done WHERE report = ?1 ORDER BY position");
    if (!done) return done.error();
    done->bind(1, report.id);
    FOLLOWUP_TRY(each_row(*done, "read actions done", [&]() -> Status {
      report.actions_done.push_back(done->int64(0));
      return {};
    }));
    FOLLOWUP_TRY(load_evidence(
        "SELECT e.sha256, e.name, e.media_type, b.size FROM report_evidence e JOIN blobs b ON b.sha256 = "
        "e.sha256 WHERE e.report = ?1 ORDER BY e.position",
        report.id, report.evidence));
  }
  {
    auto stmt = m_db.prepare(
        "SELECT rating, comment, validated, by_user, recorded_at, late FROM validations WHERE recommendation "
        "= "
        "?1 ORDER BY validated, id");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read validations", [&]() -> Status {
      auto validated = stored_date(stmt->text(2), "a validation date");
      if (!validated) return validated.error();
      follow_up.validations.push_back(
          Validation{stmt->text(0), stmt->text(1), *validated, stmt->text(3), recorded_of(*stmt, 4, false)});
      return {};
    }));
  }
  {
    auto stmt = m_db.prepare(
        "SELECT id, kind, outcome, on_date, by_user, reason, waiver, override, recorded_at, late FROM "
        "closings "
        "WHERE recommendation = ?1 ORDER BY on_date, id");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read closings", [&]() -> Status {
      ClosingEvent c;
      c.id = stmt->int64(0);
      c.reopening = stmt->text(1) == "reopening";
      if (!c.reopening) {
        const std::string word = stmt->optional_text(2).value_or("");
        auto outcome = stored_word(parse_outcome(word), word, "an outcome");
        if (!outcome) return outcome.error();
        c.outcome = *outcome;
      }
      auto on = stored_date(stmt->text(3), "a closing date");
      if (!on) return on.error();
      c.on = *on;
      c.by = stmt->text(4);
      c.reason = stmt->text(5);
      c.waiver = stmt->text(6);
      c.override_reason = stmt->text(7);
      c.recorded = recorded_of(*stmt, 8, false);
      follow_up.closings.push_back(std::move(c));
      return {};
    }));
  }
  for (ClosingEvent& c : follow_up.closings) {
    auto units = m_db.prepare("SELECT unit FROM closing_unresponsive WHERE closing = ?1 ORDER BY position");
    if (!units) return units.error();
    units->bind(1, c.id);
    FOLLOWUP_TRY(each_row(*units, "read units that never responded", [&]() -> Status {
      c.unresponsive.push_back(units->text(0));
      return {};
    }));
    FOLLOWUP_TRY(load_evidence(
        "SELECT e.sha256, e.name, e.media_type, b.size FROM closing_evidence e JOIN blobs b ON b.sha256 = "
        "e.sha256 WHERE e.closing = ?1 ORDER BY e.position",
        c.id, c.evidence));
  }
  {
    auto stmt = m_db.prepare(
        "SELECT id, unit, due, reason, granted, by_user, recorded_at, late FROM extensions WHERE "
        "recommendation = ?1 ORDER BY granted, id");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read extensions", [&]() -> Status {
      Extension e;
      e.id = stmt->int64(0);
      e.unit = stmt->optional_text(1).value_or("");
      auto due = stored_date(stmt->text(2), "an extended due date");
      if (!due) return due.error();
      e.due = *due;
      e.reason = stmt->text(3);
      auto granted = stored_date(stmt->text(4), "an extension's date");
      if (!granted) return granted.error();
      e.granted = *granted;
      e.by = stmt->text(5);
      e.recorded = recorded_of(*stmt, 6, false);
      follow_up.extensions.push_back(std::move(e));
      return {};
    }));
  }
  {
    auto stmt = m_db.prepare(
        "SELECT id, on_date, text, priority, reason, by_user, recorded_at, late FROM revisions WHERE "
        "recommendation = ?1 ORDER BY on_date, id");
    if (!stmt) return stmt.error();
    stmt->bind(1, recommendation);
    FOLLOWUP_TRY(each_row(*stmt, "read revisions", [&]() -> Status {
      Revision r;
      r.id = stmt->int64(0);
      auto on = stored_date(stmt->text(1), "a revision's date");
      if (!on) return on.error();
      r.on = *on;
      r.text = stmt->text(2);
      auto priority = stored_word(parse_priority(stmt->text(3)), stmt->text(3), "a priority");
      if (!priority) return priority.error();
      r.priority = *priority;
      r.reason = stmt->text(4);
      r.by = stmt->text(5);
      r.recorded = recorded_of(*stmt, 6, false);
      follow_up.revisions.push_back(std::move(r));
      return {};
    }));
  }
  for (Revision& r : follow_up.revisions) {
    auto units = m_db.prepare(
        "SELECT unit, name_as_written FROM revision_units WHERE revision = ?1 ORDER BY position");
    if (!units) return units.error();
    units->bind(1, r.id);
    FOLLOWUP_TRY(each_row(*units, "read a revision's units", [&]() -> Status {
      r.units.push_back(units->text(0));
      r.responsible.push_back(units->text(1));
      return {};
    }));
  }
  return follow_up;
}

Result<std::vector<RecommendationRecord>> SqliteTransaction::list_recommendations(
    const RecommendationFilter& filter) {
  FOLLOWUP_TRY(check_open());
  return load_records(filter, std::nullopt);
}

Result<std::vector<RecommendationRecord>> SqliteTransaction::load_records(const RecommendationFilter& filter,
                                                                          std::optional<int> number) {
  struct Row {
    long long id;
    RecommendationRecord record;
  };
  std::vector<Row> rows;
  {
    auto stmt = m_db.prepare(
        "SELECT r.id, r.evaluation, e.issued, r.number, r.text, r.due, r.priority "
        "FROM recommendations r JOIN evaluations e ON e.code = r.evaluation "
        "WHERE (?1 IS NULL OR r.evaluation = ?1) AND (?2 IS NULL OR r.due < ?2) AND (?4 IS NULL OR r.number "
        "= ?4) "
        "  AND (?3 IS NULL OR EXISTS (SELECT 1 FROM recommendation_units u WHERE u.recommendation = r.id AND "
        "u.unit = ?3)) "
        "ORDER BY r.evaluation, r.number");
    if (!stmt) return stmt.error();
    stmt->bind(1, filter.evaluation);
    stmt->bind(2, filter.due_before ? std::optional<std::string>(filter.due_before->iso()) : std::nullopt);
    stmt->bind(3, filter.unit);
    if (number)
      stmt->bind(4, *number);
    else
      stmt->bind_null(4);
    FOLLOWUP_TRY(each_row(*stmt, "list recommendations", [&]() -> Status {
      Row row;
      row.id = stmt->int64(0);
      row.record.evaluation = stmt->text(1);
      auto issued = stored_optional_date(stmt->optional_text(2), "an issue date");
      if (!issued) return issued.error();
      row.record.issued = *issued;
      row.record.rec.number = static_cast<int>(stmt->int64(3));
      row.record.rec.text = stmt->text(4);
      auto due = stored_date(stmt->text(5), "a follow-up due date");
      if (!due) return due.error();
      row.record.rec.due = *due;
      auto priority = stored_word(parse_priority(stmt->text(6)), stmt->text(6), "a priority");
      if (!priority) return priority.error();
      row.record.rec.priority = *priority;
      rows.push_back(std::move(row));
      return {};
    }));
  }
  std::vector<RecommendationRecord> out;
  out.reserve(rows.size());
  for (Row& row : rows) {
    FOLLOWUP_TRY(load_recommendation_units(row.id, row.record.rec));
    auto follow_up = load_follow_up(row.id);
    if (!follow_up) return follow_up.error();
    row.record.follow_up = std::move(*follow_up);
    out.push_back(std::move(row.record));
  }
  return out;
}

Result<std::optional<RecommendationRecord>> SqliteTransaction::find_recommendation(
    std::string_view evaluation, int number) {
  FOLLOWUP_TRY(check_open());
  auto found =
      load_records(RecommendationFilter{std::nullopt, std::string(evaluation), std::nullopt}, number);
  if (!found) return found.error();
  if (found->empty()) return std::optional<RecommendationRecord>{};
  return std::optional<RecommendationRecord>(std::move(found->front()));
}

// ---- Follow-up steps

Result<long long> SqliteTransaction::insert_action(long long response, const KeyAction& action) {
  auto stmt = m_db.prepare(
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
  FOLLOWUP_TRY(stmt->run("add key action"));
  return m_db.last_insert_rowid();
}

Status SqliteTransaction::put_response(std::string_view evaluation, int number,
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

Result<long long> SqliteTransaction::add_action(std::string_view evaluation, int number,
                                                const KeyAction& action) {
  return add_action_to_response(evaluation, number, action.unit, action);
}

Result<long long> SqliteTransaction::add_action_to_response(std::string_view evaluation, int number,
                                                            std::string_view response_unit,
                                                            const KeyAction& action) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("add an action to " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    auto response = response_id(*rec, response_unit);
    if (!response) return response.error();
    if (!response->has_value())
      return make_error(ErrorCode::not_found,
                        "unit " + std::string(response_unit) + " has not responded to " + ref + " yet");
    FOLLOWUP_TRY(require_unit(action.unit, "action for " + ref));
    return insert_action(**response, action);
  });
}

Result<long long> SqliteTransaction::add_action_event(long long action_id, const ActionEvent& event) {
  std::string what = "change action " + std::to_string(action_id);
  return atomically(what, [&]() -> Result<long long> {
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run(what));
    if (m_db.changes() == 0)
      return make_error(ErrorCode::not_found, "key action " + std::to_string(action_id) + " not found");
    return m_db.last_insert_rowid();
  });
}

Result<long long> SqliteTransaction::add_report(std::string_view evaluation, int number,
                                                const ProgressReport& report) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("add a progress report to " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    FOLLOWUP_TRY(require_unit(report.unit, "progress report on " + ref));
    for (long long action : report.actions_done) {
      auto stmt = m_db.prepare(
          "SELECT 1 FROM key_actions a JOIN responses r ON r.id = a.response WHERE a.id = ?1 AND "
          "r.recommendation = ?2");
      if (!stmt) return stmt.error();
      stmt->bind(1, action).bind(2, *rec);
      auto row = stmt->step("find key action");
      if (!row) return row.error();
      if (!*row)
        return make_error(ErrorCode::not_found,
                          "key action " + std::to_string(action) + " is not an action of " + ref);
    }
    FOLLOWUP_TRY(require_blobs(report.evidence));
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run("add progress report"));
    long long id = m_db.last_insert_rowid();
    for (std::size_t i = 0; i < report.actions_done.size(); ++i) {
      auto add =
          m_db.prepare("INSERT INTO report_actions_done (report, position, action) VALUES (?1, ?2, ?3)");
      if (!add) return add.error();
      FOLLOWUP_TRY(add->bind(1, id)
                       .bind(2, static_cast<long long>(i))
                       .bind(3, report.actions_done[i])
                       .run("add action done"));
    }
    for (std::size_t i = 0; i < report.evidence.size(); ++i) {
      const Evidence& evidence = report.evidence[i];
      auto add = m_db.prepare(
          "INSERT INTO report_evidence (report, position, sha256, name, media_type) VALUES (?1, ?2, ?3, ?4, "
          "?5)");
      if (!add) return add.error();
      add->bind(1, id)
          .bind(2, static_cast<long long>(i))
          .bind(3, evidence.sha256)
          .bind(4, evidence.name)
          .bind(5, evidence.media_type);
      FOLLOWUP_TRY(add->run("attach evidence"));
    }
    return id;
  });
}

Status SqliteTransaction::add_validation(std::string_view evaluation, int number,
                                         const Validation& validation) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("validate " + ref, [&]() -> Status {
    if (!parse_claimed_status(validation.rating))
      return make_error(ErrorCode::invalid_argument, "rating '" + validation.rating + "' of " + ref +
                                                         " is not one of " +
                                                         std::string(claimed_status_words()));
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

Status SqliteTransaction::require_blobs(const std::vector<Evidence>& evidence) {
  for (const Evidence& e : evidence) {
    auto stmt = m_db.prepare("SELECT 1 FROM blobs WHERE sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, e.sha256);
    auto row = stmt->step("find evidence");
    if (!row) return row.error();
    if (!*row)
      return make_error(ErrorCode::not_found, "evidence " + e.name + " (" + e.sha256 +
                                                  ") has not been stored: put its content first");
  }
  return {};
}

Result<long long> SqliteTransaction::add_closing(std::string_view evaluation, int number,
                                                 const ClosingEvent& closing) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically((closing.reopening ? "reopen " : "close ") + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    FOLLOWUP_TRY(require_blobs(closing.evidence));
    for (const auto& unit : closing.unresponsive) FOLLOWUP_TRY(require_unit(unit, "closing of " + ref));
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run(closing.reopening ? "reopen" : "close"));
    const long long id = m_db.last_insert_rowid();
    for (std::size_t i = 0; i < closing.unresponsive.size(); ++i) {
      auto add =
          m_db.prepare("INSERT INTO closing_unresponsive (closing, position, unit) VALUES (?1, ?2, ?3)");
      if (!add) return add.error();
      FOLLOWUP_TRY(add->bind(1, id)
                       .bind(2, static_cast<long long>(i))
                       .bind(3, closing.unresponsive[i])
                       .run("record a unit that never responded"));
    }
    for (std::size_t i = 0; i < closing.evidence.size(); ++i) {
      const Evidence& evidence = closing.evidence[i];
      auto add = m_db.prepare(
          "INSERT INTO closing_evidence (closing, position, sha256, name, media_type) VALUES (?1, ?2, ?3, "
          "?4, "
          "?5)");
      if (!add) return add.error();
      add->bind(1, id)
          .bind(2, static_cast<long long>(i))
          .bind(3, evidence.sha256)
          .bind(4, evidence.name)
          .bind(5, evidence.media_type);
      FOLLOWUP_TRY(add->run("attach closing evidence"));
    }
    return id;
  });
}

Result<long long> SqliteTransaction::add_extension(std::string_view evaluation, int number,
                                                   const Extension& extension) {
  std::string ref = recommendation_ref(evaluation, number);
  return atomically("extend " + ref, [&]() -> Result<long long> {
    auto rec = require_recommendation(evaluation, number);
    if (!rec) return rec.error();
    if (!extension.unit.empty()) FOLLOWUP_TRY(require_unit(extension.unit, "extension of " + ref));
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run("extend"));
    return m_db.last_insert_rowid();
  });
}

Result<long long> SqliteTransaction::add_revision(std::string_view evaluation, int number,
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
    if (revision.responsible.size() != revision.units.size())
      return make_error(ErrorCode::invalid_argument,
                        "revision of " + ref + ": units and names differ in number");
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run("revise"));
    const long long id = m_db.last_insert_rowid();
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

Status SqliteTransaction::put_blob(const Evidence& meta, std::string_view content) {
  return atomically("store evidence " + meta.name, [&]() -> Status {
    if (!util::is_sha256_hex(meta.sha256))
      return make_error(ErrorCode::invalid_argument,
                        "evidence " + meta.name + ": '" + meta.sha256 + "' is not a lower-case hex SHA-256");
    std::string actual = util::sha256_hex(content);
    if (actual != meta.sha256)
      return make_error(ErrorCode::invalid_argument, "evidence " + meta.name + ": its content hashes to " +
                                                         actual + ", not " + meta.sha256);
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

Result<std::optional<std::string>> SqliteTransaction::get_blob(std::string_view sha256) {
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

Result<HistoryEntry> SqliteTransaction::append_history(const HistoryEvent& event) {
  return atomically("append to the history of " + event.entity, [&]() -> Result<HistoryEntry> {
    HistoryEntry entry;
    entry.event = event;
    entry.prev_hash = std::string(k_first_prev_hash);
    {
      auto last = m_db.prepare("SELECT hash FROM history ORDER BY id DESC LIMIT 1");
      if (!last) return last.error();
      auto row = last->step("read the history's last entry");
      if (!row) return row.error();
      if (*row) entry.prev_hash = last->text(0);
    }
    if (m_key == nullptr)
      return make_error(ErrorCode::unavailable,
                        "the history key is not loaded, so nothing can be written (every change is signed)");
    entry.hash = history_hash(entry.prev_hash, event);
    entry.mac = history_mac(*m_key, entry.hash);
    auto stmt = m_db.prepare(
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
    FOLLOWUP_TRY(stmt->run("append to the history"));
    entry.id = m_db.last_insert_rowid();
    return entry;
  });
}

Result<std::vector<HistoryEntry>> SqliteTransaction::history(std::optional<std::string_view> entity) {
  FOLLOWUP_TRY(check_open());
  // substr, not LIKE: LIKE folds case and treats '%' and '_' in entity
  // names as wildcards.
  auto stmt = m_db.prepare(
      "SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac FROM history "
      "WHERE ?1 IS NULL OR entity = ?1 OR (substr(entity, 1, length(?1)) = ?1 AND "
      "  (substr(?1, -1) IN (':', '#', '/') OR substr(entity, length(?1) + 1, 1) IN (':', '#', '/'))) "
      "ORDER BY id");
  if (!stmt) return stmt.error();
  if (entity)
    stmt->bind(1, *entity);
  else
    stmt->bind_null(1);
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

Result<std::pair<long long, std::string>> SqliteTransaction::history_head() {
  FOLLOWUP_TRY(check_open());
  auto stmt = m_db.prepare("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step("read the history's head");
  if (!row) return row.error();
  if (!*row) return std::pair<long long, std::string>{0, ""};
  return std::pair<long long, std::string>{stmt->int64(0), stmt->text(1)};
}

}  // namespace followup::sqlite_detail
