-- The status report counts the responses not yet due from the pending
-- index alone: with the unit and the evaluation in it, no row of the table
-- is read (at a million recommendations, 150,000 table reads took a
-- second on a cold cache; docs/performance.md).
DROP INDEX followup_index_pending;
CREATE INDEX followup_index_pending ON followup_index (pending_due, unit, evaluation)
  WHERE pending_due IS NOT NULL;
