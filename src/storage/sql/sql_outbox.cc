// The reminders' outbox (store.h, OutboxMessage) and the calendar feeds
// (CalendarFeed), as SQL over the transaction's connection. Outside the
// history, as the accounts are: the journal passes these calls through
// unrecorded, and verify leaves the tables out.
#include <string>

#include "storage/sql/sql_transaction.h"

namespace followup::sql {

namespace {

constexpr const char* k_outbox_columns =
    "id, day, recipient, name, message_id, subject, text, html, notices, queued_at, state, attempts, "
    "next_attempt, last_error, sent_at";

OutboxMessage outbox_row(Statement& s) {
  OutboxMessage m;
  m.id = s.int64(0);
  m.day = s.text(1);
  m.recipient = s.text(2);
  m.name = s.text(3);
  m.message_id = s.text(4);
  m.subject = s.text(5);
  m.text = s.text(6);
  m.html = s.text(7);
  m.notices = static_cast<int>(s.int64(8));
  m.queued_at = s.text(9);
  m.state = s.text(10);
  m.attempts = static_cast<int>(s.int64(11));
  m.next_attempt = s.text(12);
  m.last_error = s.text(13);
  m.sent_at = s.text(14);
  return m;
}

Result<std::vector<OutboxMessage>> outbox_rows(Statement& s, const std::string& what) {
  std::vector<OutboxMessage> out;
  while (true) {
    auto row = s.step(what);
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(outbox_row(s));
  }
}

}  // namespace

Result<bool> SqlTransaction::reminders_planned(const std::string& day) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare("SELECT 1 FROM reminder_days WHERE day = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, day);
  auto row = stmt->step("find the reminders of " + day);
  if (!row) return row.error();
  return *row;
}

Status SqlTransaction::queue_reminders(const std::string& day, const std::string& at, const std::string& by,
                                       const std::vector<OutboxMessage>& messages) {
  const std::string what = "queue the reminders of " + day;
  if (auto ok = check_writable(what); !ok) return ok;
  auto planned = reminders_planned(day);
  if (!planned) return planned.error();
  if (*planned)
    return make_error(ErrorCode::already_exists, "the reminders of " + day + " were planned already");
  auto add_day =
      m_db.prepare("INSERT INTO reminder_days (day, planned_at, by_user, messages) VALUES (?1, ?2, ?3, ?4)");
  if (!add_day) return add_day.error();
  add_day->bind(1, day).bind(2, at).bind(3, by).bind(4, static_cast<long long>(messages.size()));
  if (auto st = add_day->run(what); !st) return st;
  for (const auto& m : messages) {
    auto insert = m_db.prepare(
        "INSERT INTO outbox (day, recipient, name, message_id, subject, text, html, notices, queued_at, "
        "state, attempts, next_attempt, last_error, sent_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'queued', 0, ?9, '', '')");
    if (!insert) return insert.error();
    insert->bind(1, day)
        .bind(2, m.recipient)
        .bind(3, m.name)
        .bind(4, m.message_id)
        .bind(5, m.subject)
        .bind(6, m.text)
        .bind(7, m.html)
        .bind(8, static_cast<long long>(m.notices))
        .bind(9, at);
    if (auto st = insert->run(what); !st) return st;
  }
  return {};
}

Result<std::vector<OutboxMessage>> SqlTransaction::outbox_ready(const std::string& now, int limit) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(std::string("SELECT ") + k_outbox_columns +
                           " FROM outbox WHERE state = 'queued' AND next_attempt <= ?1 ORDER BY id LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, now).bind(2, static_cast<long long>(limit));
  return outbox_rows(*stmt, "read the outbox");
}

Result<std::vector<OutboxMessage>> SqlTransaction::list_outbox(const std::string& day, int limit) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(std::string("SELECT ") + k_outbox_columns +
                           " FROM outbox WHERE ?1 = '' OR day = ?1 ORDER BY day DESC, id LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, day).bind(2, static_cast<long long>(limit));
  return outbox_rows(*stmt, "read the outbox");
}

Status SqlTransaction::update_outbox(const OutboxMessage& message, int expected_attempts) {
  const std::string what = "record the sending of message " + std::to_string(message.id);
  if (auto ok = check_writable(what); !ok) return ok;
  auto stmt = m_db.prepare(
      "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt = ?4, last_error = ?5, sent_at = ?6 "
      "WHERE id = ?1 AND attempts = ?7");
  if (!stmt) return stmt.error();
  stmt->bind(1, message.id)
      .bind(2, message.state)
      .bind(3, static_cast<long long>(message.attempts))
      .bind(4, message.next_attempt)
      .bind(5, message.last_error)
      .bind(6, message.sent_at)
      .bind(7, static_cast<long long>(expected_attempts));
  if (auto st = stmt->run(what); !st) return st;
  if (stmt->changes() != 0) return {};
  auto known = m_db.prepare("SELECT 1 FROM outbox WHERE id = ?1");
  if (!known) return known.error();
  known->bind(1, message.id);
  auto row = known->step(what);
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::not_found, "no outbox message " + std::to_string(message.id));
  return make_error(ErrorCode::conflict,
                    "outbox message " + std::to_string(message.id) + " was taken by another sender");
}

Result<std::vector<OutboxMessage>> SqlTransaction::outbox_unreported_failures(int limit) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(std::string("SELECT ") + k_outbox_columns +
                           " FROM outbox WHERE state = 'failed' AND reported_at = '' ORDER BY id LIMIT ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<long long>(limit));
  return outbox_rows(*stmt, "read the outbox's failures");
}

Status SqlTransaction::mark_outbox_reported(const std::vector<long long>& ids, const std::string& at) {
  const std::string what = "mark the outbox's failures reported";
  if (auto ok = check_writable(what); !ok) return ok;
  for (long long id : ids) {
    auto stmt = m_db.prepare("UPDATE outbox SET reported_at = ?2 WHERE id = ?1");
    if (!stmt) return stmt.error();
    if (auto st = stmt->bind(1, id).bind(2, at).run(what); !st) return st;
  }
  return {};
}

namespace {

constexpr const char* k_feed_columns = "id, token_hash, kind, owner, created_at, created_by, revoked_at";

CalendarFeed feed_row(Statement& s) {
  return CalendarFeed{s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)};
}

}  // namespace

Result<long long> SqlTransaction::add_calendar_feed(const CalendarFeed& feed) {
  const std::string what = "add a calendar feed of " + feed.owner;
  if (auto ok = check_writable(what); !ok) return ok.error();
  auto stmt = prepare_insert(
      m_db,
      "INSERT INTO calendar_feeds (token_hash, kind, owner, created_at, created_by, revoked_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '') ON CONFLICT (token_hash) DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, feed.token_hash)
      .bind(2, feed.kind)
      .bind(3, feed.owner)
      .bind(4, feed.created_at)
      .bind(5, feed.created_by);
  auto id = stmt->run_returning_id(what);
  if (!id) return id.error();
  if (!*id) return make_error(ErrorCode::already_exists, what + ": the token is already held");
  return **id;
}

Result<std::optional<CalendarFeed>> SqlTransaction::find_calendar_feed(std::string_view token_hash) {
  if (auto open = check_open(); !open) return open.error();
  auto stmt =
      m_db.prepare(std::string("SELECT ") + k_feed_columns + " FROM calendar_feeds WHERE token_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, token_hash);
  auto row = stmt->step("find a calendar feed");
  if (!row) return row.error();
  if (!*row) return std::optional<CalendarFeed>{};
  return std::optional<CalendarFeed>(feed_row(*stmt));
}

Result<std::vector<CalendarFeed>> SqlTransaction::list_calendar_feeds() {
  if (auto open = check_open(); !open) return open.error();
  auto stmt = m_db.prepare(std::string("SELECT ") + k_feed_columns + " FROM calendar_feeds ORDER BY id");
  if (!stmt) return stmt.error();
  std::vector<CalendarFeed> out;
  while (true) {
    auto row = stmt->step("list the calendar feeds");
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(feed_row(*stmt));
  }
}

Status SqlTransaction::revoke_calendar_feed(long long id, const std::string& at) {
  const std::string what = "revoke calendar feed " + std::to_string(id);
  if (auto ok = check_writable(what); !ok) return ok;
  auto stmt = m_db.prepare(
      "UPDATE calendar_feeds SET revoked_at = CASE WHEN revoked_at = '' THEN ?2 ELSE revoked_at END WHERE id "
      "= ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id).bind(2, at);
  if (auto st = stmt->run(what); !st) return st;
  if (stmt->changes() == 0) return make_error(ErrorCode::not_found, "no calendar feed " + std::to_string(id));
  return {};
}

}  // namespace followup::sql
