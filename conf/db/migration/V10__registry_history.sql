-- The registry's history (docs/API.md section 10): every committed change to services, routes or the
-- defaults becomes one version, with who made it, when, an optional comment, and the whole registry as it
-- stood afterwards. One transaction is one version however many rows it touches (an import is one change),
-- and a transaction that leaves the registry as it was (a record put back unchanged, an import of the
-- export) makes none.
--
-- The recording runs in PostgreSQL, not in the gateway, so a change made straight in SQL is recorded too
-- (its author is then 'sql:<database user>'). The gateway names the author and comment of its own changes
-- with set_config('eventgate.author' / 'eventgate.comment', ..., true) at the start of the transaction.

CREATE TABLE registry_versions (
  version     bigint PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  author      text NOT NULL,
  comment     text,
  registry    json NOT NULL
);

-- The whole registry as one document: the shape of GET /admin/registry/export and of every history entry,
-- defined here only. Records are their columns as stored, in a stable order that does not depend on the
-- database's collation. A migration that adds a registry column redefines this function.
CREATE FUNCTION registry_document() RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'defaults', (SELECT json_build_object('cors', cors) FROM registry_defaults),
    'services', coalesce((SELECT json_agg(s ORDER BY s.name COLLATE "C")
        FROM (SELECT name, address, deployed, timeout_ms, description, circuit_breaker FROM services) s), '[]'),
    'routes', coalesce((SELECT json_agg(r ORDER BY r.path COLLATE "C", r.method COLLATE "C")
        FROM (SELECT method, path, service, action, deployed, auth, sensitive_params, params, rate_limits, cors,
                     description FROM routes) r), '[]'))
$$;

-- Records the registry as it stands as a new version, unless it equals the newest one; answers the new
-- version, or NULL when nothing changed. Waits for a concurrent change to commit first (the version row's
-- lock), so versions follow the order of commits and each document includes every earlier change.
CREATE FUNCTION registry_record() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  latest bigint;
  document json;
BEGIN
  -- Later row triggers of this transaction have nothing left to record.
  PERFORM set_config('eventgate.registry_recorded', 'yes', true);
  SELECT version INTO latest FROM registry_version FOR UPDATE;
  document := registry_document();
  IF EXISTS (SELECT 1 FROM registry_versions WHERE version = latest AND registry::jsonb = document::jsonb) THEN
    RETURN NULL;
  END IF;
  UPDATE registry_version SET version = latest + 1;
  INSERT INTO registry_versions (version, author, comment, registry) VALUES (latest + 1,
    coalesce(nullif(current_setting('eventgate.author', true), ''), 'sql:' || session_user),
    nullif(current_setting('eventgate.comment', true), ''), document);
  PERFORM pg_notify('eventgate_registry', '');
  RETURN latest + 1;
END;
$$;

-- Row triggers deferred to the commit see the transaction's last statement done; the first records, the
-- rest find it recorded. A TRUNCATE has no row trigger: it is recorded at once.
CREATE OR REPLACE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' OR current_setting('eventgate.registry_recorded', true) IS DISTINCT FROM 'yes' THEN
    PERFORM registry_record();
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER services_changed ON services;
DROP TRIGGER routes_changed ON routes;
DROP TRIGGER registry_defaults_changed ON registry_defaults;

CREATE CONSTRAINT TRIGGER services_changed AFTER INSERT OR UPDATE OR DELETE ON services
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_changed();
CREATE CONSTRAINT TRIGGER routes_changed AFTER INSERT OR UPDATE OR DELETE ON routes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_changed();
CREATE CONSTRAINT TRIGGER registry_defaults_changed AFTER INSERT OR UPDATE OR DELETE ON registry_defaults
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION registry_changed();
CREATE TRIGGER services_truncated AFTER TRUNCATE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER routes_truncated AFTER TRUNCATE ON routes
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER registry_defaults_truncated AFTER TRUNCATE ON registry_defaults
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();

-- History starts with the registry as this migration finds it.
INSERT INTO registry_versions (version, author, comment, registry)
  SELECT version, 'migration', 'history starts here', registry_document() FROM registry_version;
