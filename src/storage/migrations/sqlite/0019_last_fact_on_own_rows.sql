-- The store's last fact (SqlTransaction::last_fact_date, the largest
-- last_fact) is read from the recommendations' own rows alone: a unit's
-- row now leaves last_fact NULL, so that a step dated on a new day moves
-- one entry of followup_index_last_fact rather than one per responsible
-- unit as well.
UPDATE followup_index SET last_fact = NULL WHERE unit <> '';
