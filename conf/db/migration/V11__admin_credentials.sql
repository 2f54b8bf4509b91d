-- Named credentials of the admin listener, beside ADMIN_TOKEN (the credential "admin", which is configuration and
-- never stored here). Each names who made a change in the audit trail and what it may do.
--
-- Only a SHA-256 of each token is kept, never the token. A fast hash is enough here, unlike for passwords: a token
-- is 32 random bytes made by the gateway, not something a person chose, so there is nothing to guess and no
-- dictionary to try; a slow hash would only slow every lookup. The hash is unique, so a lookup is one index probe.
CREATE TABLE admin_credentials (
  name          text PRIMARY KEY,
  role          text NOT NULL CHECK (role IN ('read-only', 'read-write')),
  token_hash    bytea NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  -- Written when a gateway looks the credential up, which it does at most once per few seconds per process
  -- (its cache), not on every request.
  last_used_at  timestamptz
);
