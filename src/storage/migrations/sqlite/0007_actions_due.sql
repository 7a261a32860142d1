-- The overdue report reads only the recommendations with something
-- overdue: the own row keeps, beside pending_due (a unit's response), the
-- earliest due date of the key actions still owed (core: open_actions_due).
-- The store's code then builds the index from the data in the same
-- transaction (storage/sqlite/sqlite_store.cc, migrate).
ALTER TABLE followup_index ADD COLUMN actions_due TEXT;
-- The recommendations owing something, in the listing's order: the
-- overdue report pages through these only.
CREATE INDEX followup_index_owing ON followup_index (unit, evaluation, number)
  WHERE pending_due IS NOT NULL OR actions_due IS NOT NULL;
