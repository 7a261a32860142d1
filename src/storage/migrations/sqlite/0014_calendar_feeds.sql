-- Calendar feeds (docs/reminders.md, "Calendar feeds"): each feed of a
-- unit's or a user's due dates, known by the SHA-256 of the secret in its
-- address. Outside the history like the accounts: the token is a secret.
CREATE TABLE calendar_feeds (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('unit', 'user')),
  owner      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT NOT NULL
) STRICT;
