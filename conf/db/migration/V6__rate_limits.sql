-- Rate limits are part of a route record (docs/API.md section 4): {"per_address": {...}, "per_route": {...},
-- "per_caller": {...}}, each optional, each {"requests": n, "window_seconds": s, "burst": b}.
ALTER TABLE routes ADD COLUMN rate_limits jsonb NOT NULL DEFAULT '{}';

-- The seed never overwrites a stored route, so a database made before limits existed gets the login route's
-- shipped per-address limit here, once (conf/registry.json gives it to new databases).
UPDATE routes SET rate_limits = '{"per_address": {"requests": 20, "window_seconds": 60, "burst": 20}}'
  WHERE method = 'POST' AND path = '/api/v1/users/login';
