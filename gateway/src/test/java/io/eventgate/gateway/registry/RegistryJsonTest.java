package io.eventgate.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Issue #10: every string of a service or route record can be stored in PostgreSQL, or the record is refused. */
class RegistryJsonTest {

  private static final String[] UNSTORABLE = {"\0", "a\0", "\0a", "a\ud800", "\udc00", "\udc00\ud800"};

  @Test
  void aServiceWithAnUnstorableStringIsRefusedNamingTheField() {
    for (String text : UNSTORABLE) {
      assertRefused(() -> RegistryJson.service("ops", service().put("address", text)), "address");
      assertRefused(() -> RegistryJson.service("ops", service().put("description", text)), "description");
      assertRefused(() -> RegistryJson.service("ops" + text, service()), "name");
    }
  }

  @Test
  void aRouteWithAnUnstorableStringIsRefusedNamingTheField() {
    for (String text : UNSTORABLE) {
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("service", text)), "service");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("action", "read" + text)), "action");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("description", text)), "description");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("auth", text)), "auth");
      assertRefused(() -> RegistryJson.route("POST", "/ops" + text, route()), "path");
      assertRefused(() -> RegistryJson.route("POST" + text, "/ops", route()), "method");
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("params", new JsonArray()
          .add(new JsonObject().put("name", "v").put("type", "string").put("values", new JsonArray().add(text))))),
          "params[0].values");
    }
  }

  @Test
  void aPathWithADotSegmentNamesAnotherOneAndIsRefused() {
    for (String path : new String[] {"/x/../POST/api", "/x/./y", "/x/..", "/.", "/x/%2e%2E/y", "/x/%2E/y",
        "/x/.%2e"}) {
      assertRefused(() -> RegistryJson.route("GET", path, route()), "path");
      assertThat(RegistryJson.isRouteKey("GET", path)).as(path).isFalse();
    }
    // Dots inside a segment are ordinary characters.
    for (String path : new String[] {"/v1.2/read", "/x/...", "/x/.well-known", "/x/a..b", "/x/%2e%2e%2e"}) {
      assertThat(RegistryJson.route("GET", path, route()).path()).isEqualTo(path);
    }
  }

  @Test
  void aRouteNamesItsServiceByAServiceName() {
    for (String service : new String[] {"a b", "x/y", "\u001b[2K", "-x", "a".repeat(101)}) {
      assertRefused(() -> RegistryJson.route("POST", "/ops", route().put("service", service)), "service");
    }
  }

  @Test
  void anUnknownFieldWithNulIsNamedInAStorableForm() {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> RegistryJson.service("ops", service().put("x\0", 1)));
    assertThat(e.field()).isEqualTo("x\uFFFD");
    assertThat(e.getMessage()).doesNotContain("\0");
  }

  @Test
  void surrogatePairsAreOrdinaryText() {
    assertThat(RegistryJson.service("ops", service().put("description", "\ud83d\ude00")).description())
        .isEqualTo("\ud83d\ude00");
    assertThat(RegistryJson.route("POST", "/ops", route().put("description", "\ud83d\ude00")).description())
        .isEqualTo("\ud83d\ude00");
  }

  @Test
  void lookupsOfKeysNoRecordCouldHaveNeedNoQuery() {
    assertThat(RegistryJson.isServiceName("users")).isTrue();
    assertThat(RegistryJson.isServiceName("users\0")).isFalse();
    assertThat(RegistryJson.isRouteKey("POST", "/api/v1/users/login")).isTrue();
    assertThat(RegistryJson.isRouteKey("POST", "/api/v1/users/login\0")).isFalse();
    assertThat(RegistryJson.isRouteKey("PO\0ST", "/api")).isFalse();
  }

  @Test
  void rateLimitsAreReadWithTheirDefaultsAndWrittenBack() {
    RouteRecord route = RegistryJson.route("POST", "/ops", route().put("auth", "session").put("rate_limits",
        new JsonObject().put("per_address", limit(10, 60)).put("per_caller", limit(5, 1).put("burst", 2))));
    assertThat(route.rateLimits()).isEqualTo(new RateLimits(new RateLimit(10, 60, 10), null, new RateLimit(5, 1, 2)));
    assertThat(RegistryJson.toJson(route).getJsonObject("rate_limits")).isEqualTo(new JsonObject()
        .put("per_address", limit(10, 60).put("burst", 10)).put("per_caller", limit(5, 1).put("burst", 2)));
    assertThat(RegistryJson.route("POST", "/ops", route()).rateLimits()).isEqualTo(RateLimits.NONE);
    assertThat(RegistryJson.route("POST", "/ops", route().putNull("rate_limits")).rateLimits()).isEqualTo(RateLimits.NONE);
    // The largest values the rules allow are ones Bucket4j takes: a token a nanosecond.
    assertThat(RegistryJson.route("POST", "/ops", route().put("rate_limits", new JsonObject().put("per_route",
        limit(1_000_000_000, 1)))).rateLimits().perRoute().requests()).isEqualTo(1_000_000_000L);
  }

  @Test
  void aBadRateLimitIsRefusedNamingItsField() {
    assertRefused(() -> limited(new JsonArray()), "rate_limits");
    assertRefused(() -> limited(new JsonObject().put("per_client", limit(1, 1))), "rate_limits.per_client");
    assertRefused(() -> limited(new JsonObject().put("per_route", "10/s")), "rate_limits.per_route");
    for (Object bad : new Object[] {0, -1, 1.5, "10", true, 1_000_000_001L, Long.MAX_VALUE}) {
      assertRefused(() -> limited(new JsonObject().put("per_route", limit(1, 1).put("requests", bad))),
          "rate_limits.per_route.requests");
      assertRefused(() -> limited(new JsonObject().put("per_route", limit(1, 1).put("burst", bad))),
          "rate_limits.per_route.burst");
    }
    assertRefused(() -> limited(new JsonObject().put("per_route", new JsonObject().put("requests", 1))),
        "rate_limits.per_route.window_seconds");
    assertRefused(() -> limited(new JsonObject().put("per_route", limit(1, 86_401))),
        "rate_limits.per_route.window_seconds");
    assertRefused(() -> limited(new JsonObject().put("per_route", limit(1, 1).put("every", 2))),
        "rate_limits.per_route.every");
    // A bucket that would take more than a day to refill.
    assertRefused(() -> limited(new JsonObject().put("per_route", limit(1, 86_400).put("burst", 2))),
        "rate_limits.per_route.burst");
    // A public route has no caller to count.
    assertRefused(() -> limited(new JsonObject().put("per_caller", limit(1, 1))), "rate_limits.per_caller");
  }

  @Test
  void aCircuitBreakerIsReadAndWrittenBackAndAbsentOrNullIsNone() {
    ServiceRecord service = RegistryJson.service("ops", service().put("circuit_breaker", breaker(5, 10, 30)));
    assertThat(service.circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(5, 10, 30));
    assertThat(RegistryJson.toJson(service).getJsonObject("circuit_breaker")).isEqualTo(breaker(5, 10, 30));
    assertThat(RegistryJson.service("ops", service()).circuitBreaker()).isNull();
    assertThat(RegistryJson.service("ops", service().putNull("circuit_breaker")).circuitBreaker()).isNull();
    // Written back as an explicit null, so the admin API shows the field either way.
    assertThat(RegistryJson.toJson(RegistryJson.service("ops", service())).containsKey("circuit_breaker")).isTrue();
    assertThat(RegistryJson.service("ops", service().put("circuit_breaker", breaker(10_000, 3_600, 3_600)))
        .circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(10_000, 3_600, 3_600));
  }

  @Test
  void aBadCircuitBreakerIsRefusedNamingItsField() {
    for (Object bad : new Object[] {new JsonArray(), "5/10s", 5, true}) {
      assertRefused(() -> guarded(bad), "circuit_breaker");
    }
    assertRefused(() -> guarded(breaker(5, 10, 30).put("probes", 1)), "circuit_breaker.probes");
    for (Object bad : new Object[] {0, -1, 1.5, "5", false, 10_001, Long.MAX_VALUE}) {
      assertRefused(() -> guarded(breaker(5, 10, 30).put("max_failures", bad)), "circuit_breaker.max_failures");
    }
    for (Object bad : new Object[] {0, 2.0, "10", 3_601, Long.MIN_VALUE}) {
      assertRefused(() -> guarded(breaker(5, 10, 30).put("window_seconds", bad)), "circuit_breaker.window_seconds");
      assertRefused(() -> guarded(breaker(5, 10, 30).put("open_seconds", bad)), "circuit_breaker.open_seconds");
    }
    // Every field is required: a policy says all of what it does.
    for (String field : new String[] {"max_failures", "window_seconds", "open_seconds"}) {
      JsonObject partial = breaker(5, 10, 30);
      partial.remove(field);
      assertRefused(() -> guarded(partial), "circuit_breaker." + field);
      assertRefused(() -> guarded(breaker(5, 10, 30).putNull(field)), "circuit_breaker." + field);
    }
    // Open at least as long as a request may wait, or late timeouts would reopen it without a probe.
    assertRefused(() -> RegistryJson.service("ops", service().put("timeout_ms", 30_001)
        .put("circuit_breaker", breaker(5, 10, 30))), "circuit_breaker.open_seconds");
    assertThat(RegistryJson.service("ops", service().put("timeout_ms", 30_000)
        .put("circuit_breaker", breaker(5, 10, 30))).circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(5, 10, 30));
  }

  private static ServiceRecord guarded(Object circuitBreaker) {
    return RegistryJson.service("ops", service().put("circuit_breaker", circuitBreaker));
  }

  private static JsonObject breaker(long maxFailures, long windowSeconds, long openSeconds) {
    return new JsonObject().put("max_failures", maxFailures).put("window_seconds", windowSeconds)
        .put("open_seconds", openSeconds);
  }

  private static RouteRecord limited(Object rateLimits) {
    return RegistryJson.route("POST", "/ops", route().put("rate_limits", rateLimits));
  }

  private static JsonObject limit(long requests, long windowSeconds) {
    return new JsonObject().put("requests", requests).put("window_seconds", windowSeconds);
  }

  private static JsonObject service() {
    return new JsonObject().put("address", "ops.address");
  }

  private static JsonObject route() {
    return new JsonObject().put("service", "ops").put("action", "read").put("auth", "none");
  }

  private static void assertRefused(Supplier<?> check, String field) {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class, check::get);
    assertThat(e).as("refused on %s", field).isNotNull();
    assertThat(e.field()).isEqualTo(field);
  }
}
