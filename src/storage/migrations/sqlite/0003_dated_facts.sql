-- Schema version 3: every fact is dated and kept (docs/storage.md).
--  * Each fact carries the moment it was recorded (recorded_at, UTC), and
--    whether it was entered late or on a unit's behalf.
--  * Extensions, action events (status and revised due date), closings and
--    reopenings, and revisions of issued recommendations are rows of their
--    own; nothing is overwritten, so any past day can be rebuilt.
--  * The history carries the store operations of each entry (ops) and a
--    MAC under a key kept outside the store; the tables are what replaying
--    the ops makes (followup verify-history).

ALTER TABLE recommendations ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
  CHECK (priority IN ('normal', 'high'));

ALTER TABLE responses ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
ALTER TABLE responses ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1));

ALTER TABLE key_actions ADD COLUMN added TEXT NOT NULL DEFAULT '0001-01-01'
  CHECK (added GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE key_actions ADD COLUMN by_user TEXT NOT NULL DEFAULT '';
ALTER TABLE key_actions ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE key_actions ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
ALTER TABLE key_actions ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1));
UPDATE key_actions SET added = (SELECT responded FROM responses r WHERE r.id = key_actions.response),
                       by_user = (SELECT by_user FROM responses r WHERE r.id = key_actions.response);

-- Dated changes to an action: a status, a revised due date, or both.
CREATE TABLE action_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  action      INTEGER NOT NULL REFERENCES key_actions (id),
  on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  status      TEXT CHECK (status IS NULL OR status IN ('not_started', 'in_progress', 'done', 'cancelled',
                                                       'no_longer_applicable')),
  due         TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason      TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  report      INTEGER REFERENCES progress_reports (id),
  recorded_at TEXT NOT NULL,
  late        INTEGER NOT NULL CHECK (late IN (0, 1)),
  on_behalf   INTEGER NOT NULL CHECK (on_behalf IN (0, 1))
) STRICT;
CREATE INDEX action_events_action ON action_events (action);
INSERT INTO action_events (action, on_date, status, due, reason, by_user, report, recorded_at, late, on_behalf)
  SELECT id, done, 'done', NULL, '', by_user, NULL, '', 0, 0 FROM key_actions WHERE done IS NOT NULL;
ALTER TABLE key_actions DROP COLUMN done;

ALTER TABLE progress_reports ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE progress_reports ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
ALTER TABLE progress_reports ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1));

ALTER TABLE validations ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE validations ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));

-- Closings and reopenings, in the order recorded (dates never go back).
CREATE TABLE closings (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  kind           TEXT NOT NULL CHECK (kind IN ('closing', 'reopening')),
  outcome        TEXT CHECK (outcome IS NULL OR outcome IN ('implemented', 'not_implemented',
                                                            'no_longer_applicable', 'not_accepted')),
  on_date        TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  reason         TEXT NOT NULL,
  waiver         TEXT NOT NULL,
  override       TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE INDEX closings_recommendation ON closings (recommendation);

CREATE TABLE closing_unresponsive (
  closing  INTEGER NOT NULL REFERENCES closings (id),
  position INTEGER NOT NULL,
  unit     TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (closing, position)
) STRICT;

CREATE TABLE closing_evidence (
  closing    INTEGER NOT NULL REFERENCES closings (id),
  position   INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (closing, position)
) STRICT;

INSERT INTO closings (recommendation, kind, outcome, on_date, by_user, reason, waiver, override, recorded_at, late)
  SELECT recommendation, 'closing', outcome, closed, by_user, '', waiver, '', '', 0 FROM closures
  ORDER BY closed, recommendation;
INSERT INTO closing_evidence (closing, position, sha256, name, media_type)
  SELECT c.id, e.position, e.sha256, e.name, e.media_type
  FROM closure_evidence e JOIN closings c ON c.recommendation = e.recommendation;
DROP TABLE closure_evidence;
DROP TABLE closures;

-- New follow-up due dates granted by the office; unit NULL: every unit.
CREATE TABLE extensions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT REFERENCES units (code),
  due            TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason         TEXT NOT NULL,
  granted        TEXT NOT NULL CHECK (granted GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE INDEX extensions_recommendation ON extensions (recommendation);

-- Dated rewordings of issued recommendations (text, units, priority).
CREATE TABLE revisions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  on_date        TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  text           TEXT NOT NULL,
  priority       TEXT NOT NULL CHECK (priority IN ('normal', 'high')),
  reason         TEXT NOT NULL,
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  late           INTEGER NOT NULL CHECK (late IN (0, 1))
) STRICT;
CREATE INDEX revisions_recommendation ON revisions (recommendation);

CREATE TABLE revision_units (
  revision        INTEGER NOT NULL REFERENCES revisions (id),
  position        INTEGER NOT NULL,
  unit            TEXT NOT NULL REFERENCES units (code),
  name_as_written TEXT NOT NULL,
  PRIMARY KEY (revision, position)
) STRICT;

ALTER TABLE history ADD COLUMN ops TEXT NOT NULL DEFAULT '[]';
ALTER TABLE history ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- Append-only, like progress reports.
CREATE TRIGGER action_events_no_update BEFORE UPDATE ON action_events
BEGIN SELECT RAISE(ABORT, 'action events are append-only'); END;
CREATE TRIGGER action_events_no_delete BEFORE DELETE ON action_events
BEGIN SELECT RAISE(ABORT, 'action events are append-only'); END;
CREATE TRIGGER closings_no_update BEFORE UPDATE ON closings
BEGIN SELECT RAISE(ABORT, 'closings are append-only: reopen instead'); END;
CREATE TRIGGER closings_no_delete BEFORE DELETE ON closings
BEGIN SELECT RAISE(ABORT, 'closings are append-only: reopen instead'); END;
CREATE TRIGGER extensions_no_update BEFORE UPDATE ON extensions
BEGIN SELECT RAISE(ABORT, 'extensions are append-only: grant another'); END;
CREATE TRIGGER extensions_no_delete BEFORE DELETE ON extensions
BEGIN SELECT RAISE(ABORT, 'extensions are append-only: grant another'); END;
CREATE TRIGGER validations_no_update BEFORE UPDATE ON validations
BEGIN SELECT RAISE(ABORT, 'validations are append-only'); END;
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
