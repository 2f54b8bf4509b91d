-- Each gateway process writes what it serves here, on every registry load and every CLUSTER_REPORT_MS, and
-- deletes its row when it stops gracefully: the cluster view (GET /admin/cluster) reads every gateway from
-- this table, so a gateway that is behind, frozen or cut off still shows, with the version it last reported
-- and how old that report is. reported_at is the database's clock, so ages do not depend on any gateway's.
CREATE TABLE gateway_reports (
  gateway_id       text PRIMARY KEY,
  pid              bigint NOT NULL,
  host             text NOT NULL,
  http             text NOT NULL,
  admin            text NOT NULL,
  registry_version bigint,              -- NULL until the gateway has loaded a registry
  loaded_at        timestamptz,
  circuit_breakers jsonb NOT NULL,
  report_ms        integer NOT NULL,    -- the writer's own interval, by which its row's age is judged
  started_at       timestamptz NOT NULL,
  reported_at      timestamptz NOT NULL DEFAULT now()
);
