-- The operators' notifications feed: faults a person must look at (application-crash,
-- mandrill-email-failed). The same fault within one clock minute is one row with a count, so a storm of
-- failures writes one row a minute per distinct fault, not one per request.
CREATE TABLE notifications (
  id                bigserial PRIMARY KEY,
  fingerprint       text NOT NULL,
  window_start      timestamptz NOT NULL,
  status            text NOT NULL,
  route             text NOT NULL,
  detail            text NOT NULL,
  first_request_id  text NOT NULL,
  last_request_id   text NOT NULL,
  count             integer NOT NULL,
  first_seen_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (fingerprint, window_start)
);
CREATE INDEX notifications_newest_idx ON notifications (last_seen_at DESC, id DESC);
