-- The store's last fact (SqlTransaction::last_fact_date, the latest date
-- of any recommendation's facts) is kept on a row of its own rather than
-- read as the largest entry of an index on followup_index.last_fact: a step
-- dated later than its recommendation's latest fact moved that entry (two
-- pages written, its old place and the index's end) where it now writes
-- this row only when the store's last fact moves, on the first such step
-- of a day (docs/performance.md, "A note's pages").
CREATE TABLE store_last_fact (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  last_fact TEXT CHECK (last_fact IS NULL OR last_fact GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
INSERT INTO store_last_fact (id, last_fact) SELECT 1, max(last_fact) FROM followup_index;
DROP INDEX followup_index_last_fact;
