-- The overdue actions counted by due date and owner (the overdue report's
-- counts by unit, the dashboard's: SqlTransaction::overdue_ageing) from an
-- index alone, as the responses' are from followup_index_pending, instead
-- of reading each owed action's row for its owner.
CREATE INDEX owed_actions_due_unit ON owed_actions (due, unit);
