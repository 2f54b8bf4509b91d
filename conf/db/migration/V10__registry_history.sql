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
  registry    json NOT NULL,
  -- The transaction that made it: a second recording in the same transaction updates it (see below).
  xact        xid8 NOT NULL DEFAULT pg_current_xact_id()
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

-- Records the registry as it stands as this transaction's version; answers it, or NULL when the registry
-- equals the version before. A transaction has one version however often this runs in it (an earlier
-- statement's triggers may have run at once, under SET CONSTRAINTS ALL IMMEDIATE or after a TRUNCATE): a
-- later run updates that version to the transaction's latest state, or removes it when the transaction
-- undid its own change. Waits for a concurrent change to commit first (the version row's lock), so versions
-- follow the order of commits and each document includes every earlier change.
CREATE FUNCTION registry_record() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  latest bigint;
  own boolean;
  base bigint;
  document json;
  author_name text := coalesce(nullif(current_setting('eventgate.author', true), ''), 'sql:' || session_user);
  comment_text text := nullif(current_setting('eventgate.comment', true), '');
BEGIN
  PERFORM set_config('eventgate.registry_changed', '', true);
  SELECT version INTO latest FROM registry_version FOR UPDATE;
  document := registry_document();
  SELECT xact = pg_current_xact_id() INTO own FROM registry_versions WHERE version = latest;
  own := coalesce(own, false);
  -- What this transaction's version is compared with: the newest version another transaction made.
  base := CASE WHEN own THEN (SELECT max(version) FROM registry_versions WHERE version < latest) ELSE latest END;
  IF EXISTS (SELECT 1 FROM registry_versions WHERE version = base AND registry::jsonb = document::jsonb) THEN
    IF own THEN
      DELETE FROM registry_versions WHERE version = latest;
      UPDATE registry_version SET version = base;
    END IF;
    RETURN NULL;
  END IF;
  IF own THEN
    UPDATE registry_versions SET registry = document, author = author_name, comment = comment_text
      WHERE version = latest;
    RETURN latest;
  END IF;
  UPDATE registry_version SET version = latest + 1;
  INSERT INTO registry_versions (version, author, comment, registry) VALUES (latest + 1, author_name, comment_text,
    document);
  PERFORM pg_notify('eventgate_registry', '');
  RETURN latest + 1;
END;
$$;

-- Before each statement that changes the registry: something is left to record.
CREATE FUNCTION registry_changing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('eventgate.registry_changed', 'yes', true);
  RETURN NULL;
END;
$$;

-- Row triggers deferred to the commit see the transaction's last statement done: the first records, the
-- rest find nothing left to record. A TRUNCATE has no row trigger: it is recorded at once.
CREATE OR REPLACE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('eventgate.registry_changed', true) = 'yes' THEN
    PERFORM registry_record();
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER services_changed ON services;
DROP TRIGGER routes_changed ON routes;
DROP TRIGGER registry_defaults_changed ON registry_defaults;

CREATE TRIGGER services_changing BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changing();
CREATE TRIGGER routes_changing BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON routes
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changing();
CREATE TRIGGER registry_defaults_changing BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_defaults
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changing();
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
