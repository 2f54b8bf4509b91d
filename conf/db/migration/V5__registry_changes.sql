-- Every change to the registry, made through the admin API or straight in SQL, bumps one version number
-- and notifies the channel eventgate_registry at commit. Gateways LISTEN on the channel to reload within
-- a second, and compare the version now and then in case a notification was missed.
CREATE TABLE registry_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL
);
INSERT INTO registry_version (singleton, version) VALUES (true, 1);

CREATE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registry_version SET version = version + 1;
  PERFORM pg_notify('eventgate_registry', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER services_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER routes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON routes
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
