package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.gateway.registry.RegistryDefaults;
import io.eventgate.gateway.registry.RegistryJson;
import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/registry/export} (docs/API.md section 10): the whole registry as one document in the
 * seed's shape and a stable order, whose every record reads back through the registry's own rules.
 */
class RegistryExportTest {

  private static final TestSystem SYSTEM = TestSystem.get();

  @Test
  void theExportIsTheWholeRegistryInTheSeedsShapeAndAStableOrder() throws Exception {
    assertThat(SYSTEM.admin("/admin/registry/export", null).code()).isEqualTo(401);
    Answer first = SYSTEM.admin("GET", "/admin/registry/export", null);
    assertThat(first.code()).as(first.toString()).isEqualTo(200);
    JsonObject registry = first.data().getJsonObject("registry");
    assertThat(registry.fieldNames()).containsExactlyInAnyOrder("defaults", "services", "routes");
    long stored = SYSTEM.queryValue(Long.class, "SELECT version FROM registry_version");
    assertThat(first.data().getLong("version")).isLessThanOrEqualTo(stored).isPositive();

    List<JsonObject> services = objects(registry.getJsonArray("services"));
    assertThat(services).extracting(s -> s.getString("name"))
        .isSortedAccordingTo(Comparator.naturalOrder()).contains("appointments", "users");
    List<JsonObject> routes = objects(registry.getJsonArray("routes"));
    assertThat(routes).isSortedAccordingTo(Comparator.comparing((JsonObject r) -> r.getString("path"))
        .thenComparing(r -> r.getString("method")));
    assertThat((long) routes.size()).isEqualTo(SYSTEM.queryValue(Long.class, "SELECT count(*) FROM routes"));

    // The shipped records are exported as the seed file holds them (with every field written out).
    JsonObject seed;
    try (InputStream file = RegistryExportTest.class.getClassLoader().getResourceAsStream("conf/registry.json")) {
      seed = new JsonObject(new String(file.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (JsonObject shipped : objects(seed.getJsonArray("routes"))) {
      JsonObject record = shipped.copy();
      JsonObject expected = RegistryJson.toJson(RegistryJson.route((String) record.remove("method"),
          (String) record.remove("path"), record));
      assertThat(routes).contains(expected);
    }

    // Every record reads back through the admin API's rules unchanged, so the document can seed a database.
    for (JsonObject service : services) {
      JsonObject record = service.copy();
      assertThat(RegistryJson.toJson(RegistryJson.service((String) record.remove("name"), record)))
          .isEqualTo(service);
    }
    for (JsonObject route : routes) {
      JsonObject record = route.copy();
      assertThat(RegistryJson.toJson(RegistryJson.route((String) record.remove("method"),
          (String) record.remove("path"), record))).isEqualTo(route);
    }
    assertThat(RegistryDefaults.fromJson(registry.getJsonObject("defaults")).toJson())
        .isEqualTo(registry.getJsonObject("defaults"));

    // The same registry gives the same text.
    Answer second = SYSTEM.admin("GET", "/admin/registry/export", null);
    if (second.data().getLong("version").equals(first.data().getLong("version"))) {
      assertThat(second.data().getJsonObject("registry").encode()).isEqualTo(registry.encode());
    }
  }

  @Test
  void aRecordChangedInSqlPastTheRulesIsExportedAsStoredNotAsServed() {
    String path = "/test/export/" + UUID.randomUUID();
    Answer put = SYSTEM.admin("PUT", "/admin/routes/POST" + path, new JsonObject().put("service", "test-echo")
        .put("action", "echo").put("auth", "role"));
    assertThat(put.code()).as(put.toString()).isEqualTo(200);
    try {
      // The gateway serves such a route as not deployed; the export must show what is really there.
      SYSTEM.update("UPDATE routes SET params = '\"not a list\"' WHERE method = 'POST' AND path = ?", path);
      JsonObject route = objects(SYSTEM.admin("GET", "/admin/registry/export", null).data()
          .getJsonObject("registry").getJsonArray("routes")).stream()
          .filter(r -> r.getString("path").equals(path)).findFirst().orElseThrow();
      assertThat(route.getValue("params")).isEqualTo("not a list");
      assertThat(route.getBoolean("deployed")).isTrue();
      assertThat(route.getString("auth")).isEqualTo("role");
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }
}
