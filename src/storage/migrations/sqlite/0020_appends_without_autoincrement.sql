-- followup: foreign keys off
-- A step writes fewer pages (docs/performance.md, "A note's pages"): the
-- two tables every step appends to are rebuilt as they were, less
--   * AUTOINCREMENT, which rewrote the sqlite_sequence row at every
--     commit: both tables are append-only (their triggers; nothing frees an
--     id), so the largest id plus one, SQLite's rowid otherwise, is the
--     same next id;
--   * history's UNIQUE index on hash, whose random keys made each entry
--     write a page at a random place of it. Nothing looks an entry up by
--     its hash; two entries with one hash would be a SHA-256 collision of
--     different chains, and verify-history checks every hash.
-- The usual rebuild (https://www.sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"): the first line above turns foreign
-- keys off around this transaction, and the migrator runs
-- foreign_key_check before it commits (storage/sqlite/sqlite_store.cc,
-- migrate). The pages of the old tables go to the free list.
CREATE TABLE history_rebuilt (
  id        INTEGER PRIMARY KEY,
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL,
  entity    TEXT NOT NULL,
  action    TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  ops       TEXT NOT NULL DEFAULT '[]',
  mac       TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO history_rebuilt (id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac)
  SELECT id, actor, at, entity, action, before, after, prev_hash, hash, ops, mac FROM history;
DROP TABLE history;
ALTER TABLE history_rebuilt RENAME TO history;
CREATE INDEX history_entity_id ON history (entity, id);
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only: entries cannot be removed'); END;

CREATE TABLE progress_reports_rebuilt (
  id             INTEGER PRIMARY KEY,
  recommendation INTEGER NOT NULL REFERENCES recommendations (id),
  unit           TEXT NOT NULL REFERENCES units (code),
  status         TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_implemented',
                                                 'no_longer_applicable')),
  text           TEXT NOT NULL,
  reported       TEXT NOT NULL CHECK (reported GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  by_user        TEXT NOT NULL,
  recorded_at    TEXT NOT NULL DEFAULT '',
  late           INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  on_behalf      INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1))
) STRICT;
INSERT INTO progress_reports_rebuilt (id, recommendation, unit, status, text, reported, by_user, recorded_at, late,
                                      on_behalf)
  SELECT id, recommendation, unit, status, text, reported, by_user, recorded_at, late, on_behalf
  FROM progress_reports;
DROP TABLE progress_reports;
ALTER TABLE progress_reports_rebuilt RENAME TO progress_reports;
CREATE INDEX progress_reports_recommendation ON progress_reports (recommendation);
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be changed'); END;
CREATE TRIGGER progress_reports_no_delete BEFORE DELETE ON progress_reports
BEGIN SELECT RAISE(ABORT, 'progress reports are append-only: a report cannot be removed'); END;
