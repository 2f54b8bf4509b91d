-- Who uses the platform, and the appointments they read.

CREATE TABLE businesses (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  timezone    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id             uuid PRIMARY KEY,
  email          text NOT NULL,
  password_hash  text NOT NULL,
  first_name     text NOT NULL,
  last_name      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- Emails are compared without case: one account per address however it is typed.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE clients (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL UNIQUE REFERENCES users (id),
  first_name  text NOT NULL,
  last_name   text NOT NULL,
  email       text NOT NULL,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One employee record per user: the caller carries one employee id and one business id.
CREATE TABLE employees (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL UNIQUE REFERENCES users (id),
  business_id  uuid NOT NULL REFERENCES businesses (id),
  first_name   text NOT NULL,
  last_name    text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE liaisons (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL UNIQUE REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE liaison_clients (
  liaison_id  uuid NOT NULL REFERENCES liaisons (id),
  client_id   uuid NOT NULL REFERENCES clients (id),
  PRIMARY KEY (liaison_id, client_id)
);
CREATE INDEX liaison_clients_client_idx ON liaison_clients (client_id);

CREATE TABLE appointments (
  id                       uuid PRIMARY KEY,
  business_id              uuid NOT NULL REFERENCES businesses (id),
  client_id                uuid NOT NULL REFERENCES clients (id),
  employee_id              uuid NOT NULL REFERENCES employees (id),
  service_name             text NOT NULL,
  status                   text NOT NULL
    CHECK (status IN ('scheduled', 'confirmed', 'cancelled', 'completed', 'no_show')),
  starts_at                timestamptz NOT NULL,
  duration_minutes         integer NOT NULL CHECK (duration_minutes > 0),
  timezone                 text NOT NULL,
  location_name            text NOT NULL,
  location_address         text NOT NULL,
  notes                    text,
  reminder_email           boolean NOT NULL DEFAULT false,
  reminder_sms             boolean NOT NULL DEFAULT false,
  reminder_minutes_before  integer CHECK (reminder_minutes_before >= 0),
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);
