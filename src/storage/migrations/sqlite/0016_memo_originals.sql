-- The memo as it was imported (docs/import.md, "The memo kept as sent"):
-- its bytes in blobs, with the file name and media type it came with. At
-- most one per evaluation, never changed; evaluations imported before this
-- migration have none.
CREATE TABLE memo_originals (
  evaluation TEXT PRIMARY KEY NOT NULL REFERENCES evaluations (code),
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL
) STRICT;

CREATE TRIGGER memo_originals_no_update BEFORE UPDATE ON memo_originals
BEGIN SELECT RAISE(ABORT, 'a memo as sent cannot be changed'); END;
