-- Evidence the evaluation office attaches when it closes a recommendation
-- (e.g. a document it received by mail), beside the units' evidence in
-- their progress reports. Removed with the closure on reopening; the blobs
-- stay, and the history keeps what the closure held.
CREATE TABLE closure_evidence (
  recommendation INTEGER NOT NULL REFERENCES closures (recommendation) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  sha256         TEXT NOT NULL REFERENCES blobs (sha256),
  name           TEXT NOT NULL,
  media_type     TEXT NOT NULL,
  PRIMARY KEY (recommendation, position)
) STRICT;
