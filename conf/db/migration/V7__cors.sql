-- CORS policies (docs/API.md section 4). A route may carry its own policy; NULL means the registry's
-- default applies, which lives in the one row of registry_defaults (seeded from conf/registry.json; no row
-- is the same as a policy that allows no origin).
ALTER TABLE routes ADD COLUMN cors jsonb;

CREATE TABLE registry_defaults (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  cors        jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER registry_defaults_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_defaults
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
