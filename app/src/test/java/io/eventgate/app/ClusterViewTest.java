package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/cluster} on the all-in-one (one gateway, non-clustered event bus): the gateway with the
 * version it serves, the consumers of each address, and the deployed routes nobody consumes. The clustered
 * case, with a gateway left behind, is in {@link ClusterTest}.
 */
class ClusterViewTest {

  private final TestSystem system = TestSystem.get();

  @Test
  void listsThisGatewayOnTheCurrentVersionAndCountsEachAddresssConsumers() {
    JsonObject view = awaitView(v -> Objects.equals(self(v).getLong("registry_version"),
        v.getLong("registry_version")));
    assertThat(view.getLong("registry_version"))
        .isEqualTo(system.queryValue(Long.class, "SELECT version FROM registry_version"));
    assertThat(view.getString("consumers_from")).isEqualTo("local");
    JsonObject self = self(view);
    assertThat(self.getBoolean("behind")).isFalse();
    assertThat(self.getBoolean("stale")).isFalse();
    assertThat(self.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
    assertThat("http://" + self.getString("http")).isEqualTo(system.baseUrl());
    assertThat("http://" + self.getString("admin")).isEqualTo(system.app().adminUrl());
    assertThat(Instant.parse(self.getString("loaded_at"))).isNotNull();
    assertThat(Instant.parse(self.getString("reported_at"))).isNotNull();
    assertThat(self.getLong("age_ms")).isNotNegative();
    assertThat(self.getJsonArray("circuit_breakers")).isNotNull();

    Map<String, JsonObject> addresses = byAddress(view);
    // One appointments consumer per verticle instance (one per event loop), one users consumer.
    assertThat(addresses.get("appointments").getInteger("consumers"))
        .isEqualTo(system.app().settings().integer("EVENT_LOOPS"));
    assertThat(addresses.get("appointments").getJsonArray("services")).containsExactly("appointments");
    assertThat(addresses.get("users").getInteger("consumers")).isEqualTo(1);
    assertThat(addresses.get(TestRegistry.ECHO_ADDRESS).getInteger("consumers")).isEqualTo(1);
    assertThat(addresses.get(TestRegistry.NOBODY_ADDRESS).getInteger("consumers")).isZero();
    assertThat(unserved(view)).doesNotContain("POST " + TestSystem.READ, "POST " + TestSystem.LOGIN);
  }

  @Test
  void flagsADeployedRouteWhoseAddressNobodyConsumes() {
    String service = "cluster-view-" + UUID.randomUUID();
    String address = "cluster.view.nobody." + UUID.randomUUID();
    String path = "/cluster-view/" + UUID.randomUUID();
    put("/admin/services/" + service, new JsonObject().put("address", address));
    try {
      put("/admin/routes/POST" + path, new JsonObject().put("service", service).put("action", "anything")
          .put("auth", "none"));
      JsonObject view = awaitView(v -> unserved(v).contains("POST " + path));
      JsonObject flagged = view.getJsonArray("unserved").stream().map(JsonObject.class::cast)
          .filter(route -> route.getString("path").equals(path)).findFirst().orElseThrow();
      assertThat(flagged).isEqualTo(new JsonObject().put("method", "POST").put("path", path).put("service", service)
          .put("address", address));
      assertThat(byAddress(view).get(address).getInteger("consumers")).isZero();

      // Undeployed, the route would not be forwarded: nothing to flag.
      put("/admin/routes/POST" + path, new JsonObject().put("service", service).put("action", "anything")
          .put("auth", "none").put("deployed", false));
      assertThat(unserved(awaitView(v -> !unserved(v).contains("POST " + path)))).doesNotContain("POST " + path);
    } finally {
      system.admin("DELETE", "/admin/routes/POST" + path, null);
      system.admin("DELETE", "/admin/services/" + service, null);
    }
  }

  @Test
  void aGatewayThatStoppedReportingShowsBehindAndStaleThenGoes() {
    long current = system.queryValue(Long.class, "SELECT version FROM registry_version");
    String quiet = "quiet-" + UUID.randomUUID();
    String gone = "gone-" + UUID.randomUUID();
    // Rows as a gateway writes them, one missing its last 4 reports of 1 s, one its last 61.
    String insert = "INSERT INTO gateway_reports (gateway_id, pid, host, http, admin, registry_version, loaded_at,"
        + " circuit_breakers, report_ms, started_at, reported_at) VALUES (?, 1, 'elsewhere', '10.0.0.9:8080',"
        + " '10.0.0.9:8081', ?, now() - interval '1 hour', '[]'::jsonb, 1000, now() - interval '1 hour',"
        + " now() - ?::interval)";
    system.update(insert, quiet, current - 1, "4 seconds");
    system.update(insert, gone, current - 1, "61 seconds");
    try {
      JsonObject view = view();
      Map<String, JsonObject> gateways = view.getJsonArray("gateways").stream().map(JsonObject.class::cast)
          .collect(Collectors.toMap(g -> g.getString("id"), g -> g));
      assertThat(gateways.get(quiet).getLong("registry_version")).isEqualTo(current - 1);
      assertThat(gateways.get(quiet).getBoolean("behind")).isTrue();
      assertThat(gateways.get(quiet).getBoolean("stale")).isTrue();
      assertThat(gateways.get(quiet).getLong("age_ms")).isBetween(4_000L, 60_000L);
      assertThat(gateways).doesNotContainKey(gone);
      assertThat(gateways.get(view.getString("answered_by")).getBoolean("stale")).isFalse();
    } finally {
      system.update("DELETE FROM gateway_reports WHERE gateway_id IN (?, ?)", quiet, gone);
    }
  }

  @Test
  void needsTheAdminToken() {
    Answer answer = system.admin("/admin/cluster", null);
    assertThat(answer.code()).isEqualTo(401);
    assertThat(answer.json().getString("status")).isEqualTo("invalid-token");
  }

  // ---- helpers ----

  private JsonObject view() {
    Answer answer = system.admin("/admin/cluster", "Bearer " + TestSystem.ADMIN_TOKEN);
    assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().getString("status")).isEqualTo("action-successful");
    return answer.json().getJsonObject("data");
  }

  /** Polls the view until {@code ready} holds of it (a registry change reaches the gateway within a second). */
  private JsonObject awaitView(Predicate<JsonObject> ready) {
    JsonObject view = view();
    for (int i = 0; i < 100 && !ready.test(view); i++) {
      TestSystem.sleep(50);
      view = view();
    }
    assertThat(ready.test(view)).as(view.encodePrettily()).isTrue();
    return view;
  }

  private void put(String path, JsonObject body) {
    Answer answer = system.admin("PUT", path, body);
    assertThat(answer.code()).as(answer.toString()).isEqualTo(200);
  }

  private static JsonObject self(JsonObject view) {
    return view.getJsonArray("gateways").stream().map(JsonObject.class::cast)
        .filter(gateway -> gateway.getString("id").equals(view.getString("answered_by"))).findFirst().orElseThrow();
  }

  private static Map<String, JsonObject> byAddress(JsonObject view) {
    return view.getJsonArray("addresses").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(a -> a.getString("address"), a -> a));
  }

  private static List<String> unserved(JsonObject view) {
    JsonArray routes = view.getJsonArray("unserved");
    return routes.stream().map(JsonObject.class::cast)
        .map(route -> route.getString("method") + ' ' + route.getString("path")).toList();
  }
}
