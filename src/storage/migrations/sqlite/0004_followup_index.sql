-- What the reports and lists need, kept beside the facts (docs/storage.md,
-- "Kept for speed"). Every row is derived from the data tables by
-- storage/projection.h and rewritten in the same transaction as the facts
-- it rests on, so a report reads an index instead of every record.

-- One row per recommendation (unit '') and one per responsible unit.
CREATE TABLE followup_index (
  recommendation     INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
  unit               TEXT NOT NULL,      -- '' for the recommendation's own row
  position           INTEGER NOT NULL,   -- the unit's place among the responsible units; 0 on the own row
  evaluation         TEXT NOT NULL,
  number             INTEGER NOT NULL,
  due                TEXT NOT NULL,      -- the memo's follow-up due date
  issued             TEXT,               -- the evaluation's issue date; NULL for a draft
  last_fact          TEXT,               -- the date of the recommendation's latest fact
  -- Open and unanswered (by this unit; on the own row, by some unit), issued
  -- or not: overdue after this date (the due date in force). Every row
  -- carries the recommendation's own in rec_unanswered_due.
  unanswered_due     TEXT,
  rec_unanswered_due TEXT,
  -- The status counts that no longer change with the date (one bit each,
  -- storage/projection.cc) and, when issued, open and unanswered, the date
  -- after which it counts as overdue rather than awaiting a response.
  flags              INTEGER NOT NULL,
  pending_due        TEXT,
  -- Own row: grows with every change to the recommendation (an ETag); 0 on unit rows.
  version            INTEGER NOT NULL,
  PRIMARY KEY (recommendation, unit)
) STRICT;
CREATE INDEX followup_index_list ON followup_index (unit, evaluation, number);
CREATE INDEX followup_index_pending ON followup_index (pending_due) WHERE pending_due IS NOT NULL;
CREATE INDEX followup_index_last_fact ON followup_index (last_fact);

-- The fixed status counts added up per evaluation and per unit.
CREATE TABLE status_counters (
  scope                      TEXT NOT NULL CHECK (scope IN ('evaluation', 'unit')),
  key                        TEXT NOT NULL,
  recommendations            INTEGER NOT NULL,
  open                       INTEGER NOT NULL,
  responded_on_time          INTEGER NOT NULL,
  responded_within_extension INTEGER NOT NULL,
  responded_late             INTEGER NOT NULL,
  in_progress                INTEGER NOT NULL,
  claimed                    INTEGER NOT NULL,
  validated                  INTEGER NOT NULL,
  implemented                INTEGER NOT NULL,
  closed                     INTEGER NOT NULL,
  closed_without_response    INTEGER NOT NULL,
  entered_late               INTEGER NOT NULL,
  pending                    INTEGER NOT NULL,  -- rows with a pending_due
  PRIMARY KEY (scope, key)
) STRICT;

-- Lookups every command makes.
CREATE INDEX history_entity_id ON history (entity, id);
DROP INDEX history_entity;
