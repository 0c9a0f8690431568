-- 0010: operator accounts, server-side sessions and login-failure records (issue 2, docs/SECURITY.md).
-- Passwords are stored only as self-describing scrypt strings (server/accounts/passwords.ts).
-- Session tokens are stored only as their SHA-256 hash, so a copy of the database cannot be replayed
-- as a cookie. Accounts are never deleted: a disabled account keeps its id for history records.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('observer', 'operator', 'admin')),
  password_hash TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per failed login; scope 'account' is keyed by the lower-cased submitted username (known or
-- not, so the table does not reveal which accounts exist), scope 'ip' by the client address.
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
  key TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX login_failures_lookup ON login_failures (scope, key, at_ms);
