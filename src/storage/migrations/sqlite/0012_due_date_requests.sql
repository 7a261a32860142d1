-- Units' requests for a later follow-up due date and the office's answers
-- (core/model.h, DueDateRequest): appended facts, never changed; a request
-- without an answer is pending.
CREATE TABLE due_date_requests (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  due            TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason         TEXT NOT NULL,
  requested      TEXT NOT NULL CHECK (requested GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1)),
  on_behalf      INTEGER NOT NULL CHECK (on_behalf IN (0, 1))
) STRICT;
CREATE INDEX due_date_requests_recommendation ON due_date_requests (recommendation);

CREATE TABLE due_date_answers (
  request     INTEGER PRIMARY KEY REFERENCES due_date_requests (id),
  granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
  text        TEXT NOT NULL,
  extension   INTEGER REFERENCES extensions (id),
  on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user     TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  late        INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;

CREATE TRIGGER due_date_requests_no_update BEFORE UPDATE ON due_date_requests
BEGIN SELECT RAISE(ABORT, 'due-date requests are append-only: make another'); END;
CREATE TRIGGER due_date_requests_no_delete BEFORE DELETE ON due_date_requests
BEGIN SELECT RAISE(ABORT, 'due-date requests are append-only: make another'); END;
CREATE TRIGGER due_date_answers_no_update BEFORE UPDATE ON due_date_answers
BEGIN SELECT RAISE(ABORT, 'answers to due-date requests are append-only'); END;
CREATE TRIGGER due_date_answers_no_delete BEFORE DELETE ON due_date_answers
BEGIN SELECT RAISE(ABORT, 'answers to due-date requests are append-only'); END;
