-- Accounts (docs/accounts.md): each user's password hash and second
-- factor, and the sessions and API tokens in use. Outside the history
-- (store.h, "Accounts"): not journaled, not compared by verify-history.
CREATE TABLE credentials (
  "user"        TEXT PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,      -- argon2id, libsodium's string form
  totp_secret   TEXT NOT NULL,      -- base32; '' when no second factor
  changed_at    TEXT NOT NULL
) STRICT;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,      -- SHA-256 of the token, hex
  "user"     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('browser', 'api')),
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions ("user");
CREATE INDEX sessions_expiry ON sessions (expires_at);
