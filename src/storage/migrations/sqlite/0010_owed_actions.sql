-- The overdue report from what the store keeps (docs/storage.md, "Kept for
-- speed"): every key action still owed on an issued, open recommendation,
-- with its due date in force (core: owed_actions), rewritten with its
-- recommendation's index rows; and the index rows of the responses owed,
-- in the report's order. The store's code then builds the rows from the
-- data in the same transaction (storage/sqlite/sqlite_store.cc, migrate).
CREATE TABLE owed_actions (
  action          INTEGER PRIMARY KEY REFERENCES key_actions (id) ON DELETE CASCADE,
  recommendation  INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
  evaluation      TEXT NOT NULL,
  number          INTEGER NOT NULL,
  position        INTEGER NOT NULL,   -- its place among the recommendation's actions
  unit            TEXT NOT NULL,      -- the owner
  responding_unit TEXT NOT NULL,
  due             TEXT NOT NULL,      -- in force
  original_due    TEXT NOT NULL       -- as proposed
) STRICT;
CREATE INDEX owed_actions_recommendation ON owed_actions (recommendation);
-- Most overdue first, then in reference order: the report's order.
CREATE INDEX owed_actions_order ON owed_actions (due, evaluation, number, position);
CREATE INDEX followup_index_overdue ON followup_index (pending_due, evaluation, number, position)
  WHERE pending_due IS NOT NULL AND unit <> '';
