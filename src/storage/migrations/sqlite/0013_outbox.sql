-- The reminders' outbox (docs/reminders.md; store.h, OutboxMessage): each
-- day planned, and the digests it queued with their sending state.
-- Outside the history like the accounts: not journaled, not compared by
-- verify-history.
CREATE TABLE reminder_days (
  day        TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  planned_at TEXT NOT NULL,
  by_user    TEXT NOT NULL,
  messages   INTEGER NOT NULL
) STRICT;
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  day          TEXT NOT NULL REFERENCES reminder_days (day),
  recipient    TEXT NOT NULL,
  name         TEXT NOT NULL,
  message_id   TEXT NOT NULL UNIQUE,
  subject      TEXT NOT NULL,
  text         TEXT NOT NULL,
  html         TEXT NOT NULL,
  notices      INTEGER NOT NULL,
  queued_at    TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
  attempts     INTEGER NOT NULL,
  next_attempt TEXT NOT NULL,
  last_error   TEXT NOT NULL,
  sent_at      TEXT NOT NULL,
  UNIQUE (day, recipient)
) STRICT;
CREATE INDEX outbox_ready ON outbox (state, next_attempt, id);
