-- The registry: which services exist and which routes lead to them. No foreign key from routes to
-- services on purpose: a route whose service record is missing is a state the gateway answers
-- (service-not-found), not one the database forbids.
CREATE TABLE services (
  name         text PRIMARY KEY,
  address      text NOT NULL,
  deployed     boolean NOT NULL DEFAULT true,
  timeout_ms   integer NOT NULL DEFAULT 5000 CHECK (timeout_ms > 0),
  description  text NOT NULL DEFAULT '',
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE routes (
  method            text NOT NULL,
  path              text NOT NULL,
  service           text NOT NULL,
  action            text NOT NULL,
  deployed          boolean NOT NULL DEFAULT true,
  auth              text NOT NULL CHECK (auth IN ('none', 'session', 'role')),
  sensitive_params  boolean NOT NULL DEFAULT false,
  params            jsonb NOT NULL DEFAULT '[]',
  description       text NOT NULL DEFAULT '',
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, path)
);
