-- The rates report from what the store keeps (docs/storage.md, "Kept for
-- speed"): each recommendation's share of the rates, per year of issue and
-- per unit (storage/projection.h: rates_share), kept on its own row of the
-- index and added up per year and unit. The store's code then builds the
-- index from the data in the same transaction (storage/sqlite/sqlite_store.cc,
-- migrate).
ALTER TABLE followup_index ADD COLUMN rates TEXT;

CREATE TABLE rates_counters (
  scope                          TEXT NOT NULL CHECK (scope IN ('year', 'unit')),
  key                            TEXT NOT NULL,
  recommendations                INTEGER NOT NULL,
  acceptance_n                   INTEGER NOT NULL,
  acceptance_d                   INTEGER NOT NULL,
  acceptance_by_recommendation_n INTEGER NOT NULL,
  acceptance_by_recommendation_d INTEGER NOT NULL,
  implementation_n               INTEGER NOT NULL,
  implementation_d               INTEGER NOT NULL,
  on_time_n                      INTEGER NOT NULL,
  on_time_d                      INTEGER NOT NULL,   -- without the responses overdue on the date
  within_extension_n             INTEGER NOT NULL,
  within_extension_d             INTEGER NOT NULL,   -- the same
  action_completion_n            INTEGER NOT NULL,
  action_completion_d            INTEGER NOT NULL,
  pending                        INTEGER NOT NULL,   -- unit rows with a pending_due
  PRIMARY KEY (scope, key)
) STRICT;

-- The rates count the responses not yet due per year of issue as well:
-- the issue date joins the pending index, so that no row of the table is read.
DROP INDEX followup_index_pending;
CREATE INDEX followup_index_pending ON followup_index (pending_due, unit, evaluation, issued)
  WHERE pending_due IS NOT NULL;
