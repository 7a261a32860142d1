-- `report unit U` reads the recommendations in which the unit owns a key
-- action (RecommendationPage::owed_by) through the actions' owners.
CREATE INDEX key_actions_unit ON key_actions (unit);
