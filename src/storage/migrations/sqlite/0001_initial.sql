-- followup store, SQLite dialect, schema version 1.
-- Applied in one transaction by the migrator, which records the version in
-- schema_version. Dates are ISO text (YYYY-MM-DD) so that text order is date
-- order; positions keep the order of lists (position 0 is the lead unit).
-- Tables are STRICT so that a wrong type is an error, not a silent cast.

CREATE TABLE units (
  code       TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  parent     TEXT REFERENCES units (code),  -- NULL at the top
  head_title TEXT NOT NULL
) STRICT;

CREATE TABLE unit_aliases (
  unit     TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  alias    TEXT NOT NULL,
  PRIMARY KEY (unit, position)
) STRICT;

CREATE TABLE unit_emails (
  unit     TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  email    TEXT NOT NULL,
  PRIMARY KEY (unit, position)
) STRICT;

CREATE TABLE users (
  name      TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
  full_name TEXT NOT NULL,
  email     TEXT NOT NULL
) STRICT;

CREATE TABLE user_roles (
  user     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('evaluation', 'executive', 'unit', 'viewer', 'admin')),
  PRIMARY KEY (user, position),
  UNIQUE (user, role)
) STRICT;

CREATE TABLE user_units (
  user     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  unit     TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (user, position),
  UNIQUE (user, unit)
) STRICT;

CREATE TABLE evaluations (
  code         TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  title        TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  memo_date    TEXT CHECK (memo_date IS NULL OR memo_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  memo_from    TEXT NOT NULL,
  memo_subject TEXT NOT NULL,
  issued       TEXT CHECK (issued IS NULL OR issued GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  disclosed    INTEGER NOT NULL DEFAULT 0 CHECK (disclosed IN (0, 1))
) STRICT;

-- The memo's To: and Cc: lists, in memo order.
CREATE TABLE evaluation_addressees (
  evaluation TEXT NOT NULL REFERENCES evaluations (code) ON DELETE CASCADE,
  list       TEXT NOT NULL CHECK (list IN ('to', 'cc')),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  PRIMARY KEY (evaluation, list, position)
) STRICT;

CREATE TABLE recommendations (
  id         INTEGER PRIMARY KEY,
  evaluation TEXT NOT NULL REFERENCES evaluations (code) ON DELETE CASCADE,
  number     INTEGER NOT NULL,
  text       TEXT NOT NULL,
  due        TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  UNIQUE (evaluation, number)
) STRICT;
CREATE INDEX recommendations_due ON recommendations (due);

-- Responsible units, position 0 the lead; name_as_written is the memo's
-- spelling (NULL when the caller gave none).
CREATE TABLE recommendation_units (
  recommendation  INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  unit            TEXT NOT NULL REFERENCES units (code),
  name_as_written TEXT,
  PRIMARY KEY (recommendation, position),
  UNIQUE (recommendation, unit)
) STRICT;
CREATE INDEX recommendation_units_unit ON recommendation_units (unit);

-- One management response per recommendation and unit. `by_user` is a
-- record of who acted, not a reference: it outlives the user's account.
CREATE TABLE responses (
  id             INTEGER PRIMARY KEY,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  decision       TEXT NOT NULL CHECK (decision IN ('accepted', 'partially_accepted', 'not_accepted')),
  rationale      TEXT NOT NULL,
  responded      TEXT NOT NULL CHECK (responded GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  UNIQUE (recommendation, unit)
) STRICT;

-- Key actions belong to the response that proposed them; `unit` owns them.
-- AUTOINCREMENT: an id is never reused, since reports and history name it.
CREATE TABLE key_actions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  response    INTEGER NOT NULL REFERENCES responses (id),
  unit        TEXT NOT NULL REFERENCES units (code),
  description TEXT NOT NULL,
  due         TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  done        TEXT CHECK (done IS NULL OR done GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE INDEX key_actions_response ON key_actions (response);

CREATE TABLE progress_reports (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  status         TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_implemented',
                                                 'no_longer_applicable')),
  text           TEXT NOT NULL,
  reported       TEXT NOT NULL CHECK (reported GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL
) STRICT;
CREATE INDEX progress_reports_recommendation ON progress_reports (recommendation);

-- Content-addressed files; the first name and type given are kept.
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size >= 0),
  content    BLOB NOT NULL
) STRICT;

-- Evidence attached to a report, with the name and type it was given then.
CREATE TABLE report_evidence (
  report     INTEGER NOT NULL REFERENCES progress_reports (id),
  position   INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (report, position)
) STRICT;

CREATE TABLE report_actions_done (
  report   INTEGER NOT NULL REFERENCES progress_reports (id),
  position INTEGER NOT NULL,
  action   INTEGER NOT NULL REFERENCES key_actions (id),
  PRIMARY KEY (report, position)
) STRICT;

CREATE TABLE validations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  rating         TEXT NOT NULL CHECK (rating IN ('not_started', 'in_progress', 'implemented', 'not_implemented',
                                                 'no_longer_applicable')),
  comment        TEXT NOT NULL,
  validated      TEXT NOT NULL CHECK (validated GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL
) STRICT;
CREATE INDEX validations_recommendation ON validations (recommendation);

-- At most one closure per recommendation; reopening deletes the row (the
-- history keeps what it was).
CREATE TABLE closures (
  recommendation INTEGER PRIMARY KEY REFERENCES recommendations (id),
  outcome        TEXT NOT NULL CHECK (outcome IN ('implemented', 'not_implemented', 'no_longer_applicable')),
  closed         TEXT NOT NULL CHECK (closed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  waiver         TEXT NOT NULL
) STRICT;

CREATE TABLE history (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL,
  entity    TEXT NOT NULL,
  action    TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX history_entity ON history (entity);

-- Append-only tables. The triggers stop accidents and bugs. A history entry
-- is deliberately left updatable: anyone who can write the file can drop a
-- trigger, so the hash chain (verify-history) is the guard against changes,
-- and an auditor must be able to demonstrate it on a copy.
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only: entries cannot be removed'); END;
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be changed'); END;
CREATE TRIGGER progress_reports_no_delete BEFORE DELETE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be removed'); END;
CREATE TRIGGER report_evidence_no_update BEFORE UPDATE ON report_evidence
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: evidence cannot be changed'); END;
CREATE TRIGGER report_evidence_no_delete BEFORE DELETE ON report_evidence
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: evidence cannot be removed'); END;
CREATE TRIGGER report_actions_done_no_update BEFORE UPDATE ON report_actions_done
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: actions done cannot be changed'); END;
CREATE TRIGGER report_actions_done_no_delete BEFORE DELETE ON report_actions_done
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: actions done cannot be removed'); END;
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'blobs are content-addressed: they cannot be changed'); END;
