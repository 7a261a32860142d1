-- A listing's page (SqlTransaction::page_listed) filters the kept index's
-- rows of a unit by the overdue and due dates, in the listing's order:
-- with those columns and the recommendation in the index, no row of the
-- table is read for the rows the filters leave out. It serves every
-- lookup by (unit, evaluation, number) that followup_index_list served.
CREATE INDEX followup_index_listed
  ON followup_index (unit, evaluation, number, rec_unanswered_due, due, recommendation);
DROP INDEX followup_index_list;
