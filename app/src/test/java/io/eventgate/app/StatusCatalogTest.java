package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.NORA;
import static io.eventgate.app.TestSystem.READ;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.gateway.GatewayProcess;
import io.eventgate.gateway.metrics.Metrics;
import io.eventgate.testkit.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every status of the catalog, with its HTTP code and envelope, through real HTTP requests. */
class StatusCatalogTest {

  private final TestSystem system = TestSystem.get();

  @Test
  void actionSuccessful() {
    Answer answer = system.read(system.token(CLARA), APPOINTMENT_1, null);
    assertStatus(answer, 200, "action-successful");
    assertThat(answer.data().getString("_id")).isEqualTo(APPOINTMENT_1);
  }

  @Test
  void invalidTokenWithoutToken() {
    assertStatus(system.read(null, APPOINTMENT_1, null), 401, "invalid-token");
  }

  @Test
  void sessionExpired() {
    String token = system.token(CLARA);
    system.update("UPDATE sessions SET created_at = now() - interval '8 days' WHERE id::text = ?", Jwts.sid(token));
    assertStatus(system.read(token, APPOINTMENT_1, null), 401, "session-expired");
  }

  @Test
  void clientRequiredCarriesTheSessionWithItsToken() {
    String token = system.token(NORA);
    Answer answer = system.read(token, APPOINTMENT_1, null);
    assertStatus(answer, 401, "client-required");
    JsonObject session = answer.json().getJsonObject("session");
    assertThat(session.getString("token")).isEqualTo(token);
    assertThat(session.getString("_id")).isEqualTo(Jwts.sid(token));
    assertThat(session.getString("user_id")).isEqualTo("10000000-0000-4000-8000-000000000005");
  }

  @Test
  void missingParam() {
    Answer answer = system.post(READ, new JsonObject().put("view", "default"), system.token(CLARA));
    assertStatus(answer, 400, "missing-param");
    assertThat(answer.param()).isEqualTo("_id");
  }

  @Test
  void invalidParam() {
    Answer answer = system.read(system.token(CLARA), "not-a-uuid", null);
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("_id");
  }

  @Test
  void applicationCrashShowsNothingInternal() {
    Answer answer = system.post(TestRegistry.CRASH, "{}", null);
    assertStatus(answer, 500, "application-crash");
    assertThat(answer.text()).doesNotContain("internal detail", "db-7", "Exception", "at io.");
  }

  @Test
  void aFailureOutsideTheContractIsAnApplicationCrash() {
    Answer answer = system.post(TestRegistry.BROKEN, "{}", null);
    assertStatus(answer, 500, "application-crash");
    assertThat(answer.text()).doesNotContain("internal detail", "db-7");
  }

  @Test
  void mandrillEmailFailedFromAServiceIsPassedOnUnchanged() {
    assertStatus(system.post(TestRegistry.EMAIL_FAILS, "{}", null), 500, "mandrill-email-failed");
  }

  @Test
  void invalidContentType() {
    Answer answer = system.post(READ, "text/plain", "{\"_id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        system.token(CLARA));
    assertStatus(answer, 400, "invalid-content-type");
  }

  @Test
  void routeNonExistent() {
    assertStatus(system.post("/api/v1/appointments/nothing", "{}", null), 500, "route-non-existent");
    assertStatus(system.send(system.request(READ).GET()), 500, "route-non-existent");
  }

  @Test
  void noParamsDecoded() {
    assertStatus(system.post(READ, "{}", system.token(CLARA)), 400, "no-params-decoded");
  }

  @Test
  void invalidEncodedParams() {
    assertStatus(system.post(READ, "{\"_id\":", system.token(CLARA)), 400, "invalid-encoded-params");
  }

  @Test
  void routeNotFound() {
    assertStatus(system.post(TestRegistry.UNDEPLOYED_ROUTE, "{}", null), 404, "route-not-found");
  }

  @Test
  void serviceNotFoundWhenTheServiceRecordIsMissingOrNotDeployed() {
    assertStatus(system.post(TestRegistry.MISSING_SERVICE, "{}", null), 503, "service-not-found");
    assertStatus(system.post(TestRegistry.UNDEPLOYED_SERVICE, "{}", null), 503, "service-not-found");
  }

  @Test
  void requestTooLarge() {
    byte[] body = ("{\"_id\":\"" + "a".repeat(TestSystem.BODY_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertStatus(system.post(READ, "application/json", body, system.token(CLARA)), 413, "request-too-large");
  }

  @Test
  void serviceUnavailableWhenNobodyConsumesTheAddress() {
    assertStatus(system.post(TestRegistry.UNAVAILABLE, "{}", null), 503, "service-unavailable");
  }

  @Test
  void serviceTimeoutOnTheRoutesTimeout() {
    long start = System.nanoTime();
    Answer answer = system.post(TestRegistry.SLOW, "{}", null);
    assertStatus(answer, 504, "service-timeout");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(TestRegistry.SLOW_TIMEOUT_MS);
  }

  @Test
  void identifyRequestErrorWhenTheRegistryCannotBeReadAndNoSnapshotIsHeld() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port = TestSystem.freePort();
      // Nothing listens on the database port: the registry cannot be read.
      PgSettings unreachable = new PgSettings("127.0.0.1", TestSystem.freePort(), "postgres", "postgres", "x");
      Settings settings = SettingsLoader.load(new JsonObject()
          .put("HTTP_PORT", port).put("HTTP_INSTANCES", 1).put("JWT_SECRET", TestSystem.JWT_SECRET)
          .put("ADMIN_PORT", TestSystem.freePort()).put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN));
      GatewayProcess.Options options = GatewayProcess.Options.from(settings.with("PG_URL", unreachable.url()));
      vertx.deployVerticle(new GatewayProcess(options, Metrics.from(settings), Tracing.OFF,
          Database.pool(vertx, unreachable, 1))).await();
      HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + READ))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(500);
      JsonObject envelope = new JsonObject(response.body());
      assertThat(envelope.getString("status")).isEqualTo("identify-request-error");
      assertThat(envelope.getString("request_id")).isNotBlank();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void everyAnswerIsTheEnvelopeWithItsRequestIdInTheHeader() {
    Answer answer = system.post("/nowhere", "{}", null);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonObject envelope = answer.json();
    assertThat(envelope.fieldNames()).containsExactly("status", "message", "request_id");
    assertThat(envelope.getString("message")).isNotBlank();
    assertThat(answer.header("X-Request-Id")).isEqualTo(envelope.getString("request_id"));
  }

  @Test
  void aValidIncomingRequestIdIsKeptAndAnInvalidOneReplaced() {
    Answer kept = system.send(system.request("/nowhere").header("X-Request-Id", "trace-42.a_b")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(kept.json().getString("request_id")).isEqualTo("trace-42.a_b");
    assertThat(kept.header("X-Request-Id")).isEqualTo("trace-42.a_b");

    Answer replaced = system.send(system.request("/nowhere").header("X-Request-Id", "bad id/with spaces")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(replaced.json().getString("request_id")).isNotEqualTo("bad id/with spaces")
        .matches("[A-Za-z0-9._-]{1,64}");
    assertThat(replaced.header("X-Request-Id")).isEqualTo(replaced.json().getString("request_id"));
  }

  static void assertStatus(Answer answer, int code, String status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(answer.json().getString("request_id")).isEqualTo(answer.header("X-Request-Id"));
    // Every envelope, whatever its status: never cached (it may hold a token), never sniffed as another type.
    assertThat(answer.header("Cache-Control")).as(answer.toString()).isEqualTo("no-store");
    assertThat(answer.header("X-Content-Type-Options")).as(answer.toString()).isEqualTo("nosniff");
  }
}
