package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health, the API docs and the metrics of a running gateway. */
class OperatorEndpointsTest {

  private final TestSystem system = TestSystem.get();

  @Test
  void livenessAndReadinessAnswerJsonWithoutAuthentication() {
    Answer live = system.send(system.request("/health/live").GET());
    assertThat(live.code()).isEqualTo(200);
    assertThat(live.json().getString("status")).isEqualTo("UP");
    Answer ready = system.send(system.request("/health/ready").GET());
    assertThat(ready.code()).isEqualTo(200);
    assertThat(ready.json().getString("outcome")).isEqualTo("UP");
    assertThat(ready.json().getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .contains("registry", "database");
  }

  @Test
  void readinessAndMetricsSayWhichRegistryVersionTheGatewayServes() {
    Instant before = Instant.now();
    // A change bumps the version in PostgreSQL; the gateway reloads, and both reports follow.
    Answer put = system.admin("PUT", "/admin/services/version-probe", new JsonObject().put("address", "version.probe")
        .put("description", "changed at " + System.nanoTime()));
    assertThat(put.code()).as(put.toString()).isEqualTo(200);
    try {
      long stored = system.queryValue(Long.class, "SELECT version FROM registry_version");
      JsonObject registry = readinessCheck("registry");
      for (int i = 0; i < 100 && !Long.valueOf(stored).equals(registry.getLong("version")); i++) {
        TestSystem.sleep(50);
        registry = readinessCheck("registry");
      }
      assertThat(registry.getLong("version")).as(registry.encode()).isEqualTo(stored);
      assertThat(Instant.parse(registry.getString("since"))).as("loaded after the change").isAfterOrEqualTo(before);
      String gauge = system.admin("/metrics", "Bearer " + TestSystem.ADMIN_TOKEN).text().lines()
          .filter(line -> line.startsWith("eventgate_registry_version ")).findFirst().orElseThrow();
      assertThat((long) Double.parseDouble(gauge.substring(gauge.indexOf(' ') + 1))).isEqualTo(stored);
    } finally {
      system.admin("DELETE", "/admin/services/version-probe", null);
    }
  }

  private JsonObject readinessCheck(String id) {
    return system.send(system.request("/health/ready").GET()).json().getJsonArray("checks").stream()
        .map(JsonObject.class::cast).filter(check -> check.getString("id").equals(id)).findFirst().orElseThrow()
        .getJsonObject("data");
  }

  @Test
  void theOpenApiDocumentIsValidAndDescribesTheDeployedRoutes() {
    Answer docs = system.send(system.request("/api/docs").GET());
    assertThat(docs.code()).isEqualTo(200);
    assertThat(docs.header("Content-Type")).startsWith("application/json");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.text(), null, options);
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
    JsonObject paths = docs.json().getJsonObject("paths");
    assertThat(paths.fieldNames()).contains("/api/v1/appointments/read", "/api/v1/users/login",
        "/api/v1/users/logout", "/api/v1/users/client_register")
        .doesNotContain(TestRegistry.UNDEPLOYED_ROUTE, TestRegistry.MISSING_SERVICE, TestRegistry.UNDEPLOYED_SERVICE);
  }

  @Test
  void theDocsFollowARegistryChangeWithoutARestart() throws Exception {
    JsonObject route = new JsonObject().put("service", "test-echo").put("action", "echo").put("auth", "none")
        .put("description", "Appears in the docs <at once>.")
        .put("params", new JsonArray().add(new JsonObject().put("name", "q").put("type", "string")
            .put("required", true).put("max_length", 7)));
    assertStatus(system.admin("PUT", "/admin/routes/POST/docs/probe", route), 200, "action-successful");
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      String html = system.send(system.request("/api/docs.html").GET()).text();
      while (!html.contains("/docs/probe") && System.nanoTime() < deadline) {
        Thread.sleep(20);
        html = system.send(system.request("/api/docs.html").GET()).text();
      }
      assertThat(html).contains("/docs/probe", "Appears in the docs &lt;at once&gt;.").doesNotContain("<at once>");
      assertThat(system.send(system.request("/api/docs").GET()).json().getJsonObject("paths").fieldNames())
          .contains("/docs/probe");
    } finally {
      system.admin("DELETE", "/admin/routes/POST/docs/probe", null);
    }
  }

  @Test
  void builtInAnswersAreNeverCachedOrSniffedAndTheDocsPageCannotBeFramedOrRunScript() {
    for (String path : new String[] {"/health/live", "/health/ready", "/api/docs", "/api/docs.html"}) {
      Answer answer = system.send(system.request(path).GET());
      assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-store");
      assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    }
    Answer html = system.send(system.request("/api/docs.html").GET());
    String policy = html.header("Content-Security-Policy");
    assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
        "form-action 'none'").doesNotContain("script-src");
    assertThat(html.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(html.text()).doesNotContain("<script", "<link", "<img", "<iframe");
  }

  @Test
  void aCrashOnTheAdminListenerIsAnsweredCountedLoggedAndNotified() throws Exception {
    // A real PostgreSQL error on one service name only: the admin write fails as an unexpected fault.
    system.update("CREATE OR REPLACE FUNCTION refuse_crash_probe() RETURNS trigger LANGUAGE plpgsql AS "
        + "$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$");
    system.update("DROP TRIGGER IF EXISTS refuse_crash_probe ON services");
    system.update("CREATE TRIGGER refuse_crash_probe BEFORE INSERT OR UPDATE ON services FOR EACH ROW "
        + "WHEN (NEW.name = 'crash-probe') EXECUTE FUNCTION refuse_crash_probe()");
    try {
      String requestId = "admin-crash-" + System.nanoTime();
      Answer answer = system.send(HttpRequest.newBuilder(
              URI.create(system.app().adminUrl() + "/admin/services/crash-probe"))
          .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN).header("Content-Type", "application/json")
          .header("X-Request-Id", requestId)
          .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"crash.probe\",\"deployed\":true}")));
      assertStatus(answer, 500, "application-crash");
      assertThat(answer.text()).doesNotContain("refused for the test");

      String metrics = system.admin("/metrics", "Bearer " + TestSystem.ADMIN_TOKEN).text();
      assertThat(metrics).contains("route=\"PUT /admin/services/:name\",status=\"application-crash\"");
      assertThat(MemoryAppender.lines()).filteredOn(line -> line.contains("eventgate.access") && line.contains(requestId))
          .hasSize(1);
      JsonObject notification = null;
      for (int i = 0; i < 50 && notification == null; i++) {
        Thread.sleep(100);
        notification = system.admin("/admin/notifications", "Bearer " + TestSystem.ADMIN_TOKEN).data()
            .getJsonArray("notifications").stream().map(JsonObject.class::cast)
            .filter(n -> requestId.equals(n.getString("last_request_id"))).findFirst().orElse(null);
      }
      assertThat(notification).as("an operator notification").isNotNull();
      assertThat(notification.getString("status")).isEqualTo("application-crash");
      assertThat(notification.getString("route")).isEqualTo("PUT /admin/services/:name");
    } finally {
      system.update("DROP TRIGGER refuse_crash_probe ON services");
    }
  }

  @Test
  void metricsAreBehindTheAdminTokenAndCountRequestsByRouteTemplate() {
    system.post("/no/such/route/" + UUID.randomUUID(), "{}", null);
    system.read(system.token(TestSystem.CLARA), TestSystem.APPOINTMENT_1, null);
    assertThat(system.admin("/metrics", null).code()).isEqualTo(401);
    Answer metrics = system.admin("/metrics", "Bearer " + TestSystem.ADMIN_TOKEN);
    assertThat(metrics.code()).isEqualTo(200);
    assertThat(metrics.text())
        .contains("eventgate_requests_seconds_count{route=\"POST /api/v1/appointments/read\",status=\"action-successful\"}")
        .contains("route=\"-\",status=\"route-non-existent\"")
        .contains("eventgate_requests_seconds_bucket")
        .contains("vertx_pool")
        // off on purpose: per-message counters halved the read path's throughput (docs/PERFORMANCE.md)
        .doesNotContain("vertx_eventbus")
        .doesNotContain("/no/such/route/");
  }
}
