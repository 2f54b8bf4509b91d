-- A service record may carry a circuit breaker (docs/API.md section 4): {"max_failures": n,
-- "window_seconds": w, "open_seconds": o}; NULL is none.
ALTER TABLE services ADD COLUMN circuit_breaker jsonb;

-- The seed never overwrites a stored service, so a database made before breakers existed gets the shipped
-- services' policy here, once (conf/registry.json gives it to new databases).
UPDATE services SET circuit_breaker = '{"max_failures": 20, "window_seconds": 10, "open_seconds": 15}'
  WHERE name IN ('appointments', 'users') AND circuit_breaker IS NULL;
