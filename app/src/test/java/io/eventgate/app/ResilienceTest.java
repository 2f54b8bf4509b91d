package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.db.PgSettings;
import io.eventgate.testkit.GatewayClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A gateway of its own, to break: PostgreSQL stopped under it and started again, and a shutdown while a
 * request is in flight.
 */
class ResilienceTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void routingGoesOnWhilePostgresqlIsDownAndEverythingRecoversWithoutARestart() throws Exception {
    Path data = Files.createTempDirectory("eventgate-resilience");
    int pgPort = TestSystem.freePort();
    EmbeddedDatabase db = EmbeddedDatabase.start(data.toString(), pgPort);
    PgSettings pg = db.settings();
    AllInOne app = AllInOne.start(settings(pg).put("SESSION_CACHE_SECONDS", 1).put("REGISTRY_CHECK_MS", 500));
    GatewayClient gateway = new GatewayClient(app.baseUrl(), Duration.ofSeconds(10));
    try {
      String token = gateway.token(TestSystem.CLARA, TestSystem.PASSWORD, null);
      assertThat(read(gateway, token).getString("status")).isEqualTo("action-successful");
      assertThat(ready(gateway)).isEqualTo(200);

      db.close();
      Set<String> seen = new HashSet<>();
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        seen.add(read(gateway, token).getString("status"));
      }
      // Routes are still identified from the snapshot; only the database work fails.
      assertThat(seen).contains("application-crash").isSubsetOf("application-crash", "action-successful");
      assertThat(ready(gateway)).isEqualTo(503);
      assertThat(gateway.send(gateway.request("/health/live").GET()).code()).isEqualTo(200);

      db = EmbeddedDatabase.start(data.toString(), pgPort);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((ready(gateway) != 200 || !"action-successful".equals(read(gateway, token).getString("status")))
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(ready(gateway)).isEqualTo(200);
      assertThat(read(gateway, token).getString("status")).isEqualTo("action-successful");
    } finally {
      app.close();
      db.close();
    }
  }

  @Test
  void shutdownLetsTheRequestInFlightFinishAndThenRefusesConnections() throws Exception {
    TestSystem system = TestSystem.get();
    AllInOne app = AllInOne.start(settings(system.pg()));
    app.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return ServiceConsumer.register(vertx.eventBus(), TestRegistry.DELAY_ADDRESS, Map.of("echo", request -> {
          Promise<ServiceReply> later = Promise.promise();
          vertx.setTimer(TestRegistry.DELAY_MS, id -> later.complete(ServiceReply.of(new JsonObject().put("late", true))));
          return later.future();
        })).completion();
      }
    }).await();

    CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(post(app, TestRegistry.DELAY, "{}", null),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(TestRegistry.DELAY_MS / 3);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

    HttpResponse<String> answer = inFlight.get();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getJsonObject("data").getBoolean("late")).isTrue();
    closing.get();
    assertThat(CompletableFuture.supplyAsync(() -> {
      try {
        return HTTP.send(post(app, TestRegistry.DELAY, "{}", null), HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        return e;
      }
    }).get()).isInstanceOf(ConnectException.class);
  }

  private static JsonObject settings(PgSettings pg) throws Exception {
    return new JsonObject()
        .put("PG_URL", pg.url())
        .put("HTTP_PORT", TestSystem.freePort())
        .put("HTTP_INSTANCES", 1)
        .put("ADMIN_PORT", TestSystem.freePort())
        .put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN)
        .put("JWT_SECRET", TestSystem.JWT_SECRET)
        .put("DEMO_DATA", true)
        .put("DRAIN_TIMEOUT_MS", 5_000);
  }

  private static JsonObject read(GatewayClient gateway, String token) throws Exception {
    return gateway.read(token, APPOINTMENT_1, null).json();
  }

  private static int ready(GatewayClient gateway) throws Exception {
    return gateway.send(gateway.request("/health/ready").GET()).code();
  }

  /** For {@link HttpClient#sendAsync}: the request in flight is sent while the test thread goes on. */
  private static HttpRequest post(AllInOne app, String path, String body, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }
}
