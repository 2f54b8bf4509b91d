package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.app.RawHttpConnection.Response;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shutdown sequence of docs/OPERATIONS.md "Shutdown", seen from kept-alive connections of a gateway of its own:
 * through the grace both listeners serve as before; then the listening socket closes while every
 * connection in use goes on being served, each ending after its next answer, a connection accepted just
 * before the socket closed included; one left idle through the whole grace is closed.
 */
class GracefulShutdownTest {

  private static final int GRACE_MS = 2_000;
  private static final String LIVE = "/health/live";
  private static final String ADMIN = "Authorization: Bearer " + TestSystem.ADMIN_TOKEN + "\r\n";

  @Test
  void theGatewayNeverClosesAConnectionARequestMayBeArrivingOn() throws Exception {
    int port = TestSystem.freePort();
    int adminPort = TestSystem.freePort();
    AllInOne app = AllInOne.start(new JsonObject()
        .put("PG_URL", TestSystem.get().pg().url())
        .put("HTTP_PORT", port)
        .put("HTTP_INSTANCES", 2)
        .put("ADMIN_PORT", adminPort)
        .put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN)
        .put("JWT_SECRET", TestSystem.JWT_SECRET)
        .put("SHUTDOWN_GRACE_MS", GRACE_MS)
        .put("DRAIN_TIMEOUT_MS", 5_000));
    CompletableFuture<Void> closing = null;
    try (RawHttpConnection idle = RawHttpConnection.open(port);
        RawHttpConnection used = RawHttpConnection.open(port);
        RawHttpConnection admin = RawHttpConnection.open(adminPort)) {
      assertThat(idle.get(LIVE, "").closesConnection()).isFalse();
      assertThat(used.get(LIVE, "").closesConnection()).isFalse();

      long stoppedAt = System.nanoTime();
      closing = CompletableFuture.runAsync(app::close);

      // The grace: readiness says 503, and both listeners serve as before, keeping connections alive.
      awaitNotReady(port);
      assertThat(used.get(LIVE, "").closesConnection()).isFalse();
      assertThat(admin.get("/admin/services", ADMIN).closesConnection()).isFalse();
      assertThat(idle.closedByServer(100)).as("an idle connection stays open during the grace").isFalse();

      // A connection accepted during the grace whose request is still on its way when the socket closes.
      try (RawHttpConnection late = RawHttpConnection.open(port)) {
        late.send("GET " + LIVE + " HTTP/1.1\r\n");
        long refusedAt = awaitRefused(port);
        assertThat(Duration.ofNanos(refusedAt - stoppedAt)).as("new connections are accepted through the grace")
            .isGreaterThanOrEqualTo(Duration.ofMillis(GRACE_MS));
        late.send("Host: 127.0.0.1\r\n\r\n");
        assertEndsItsConnection(late.read(), late);
      }
      // Connections in use go on being served after the socket closed; each answer ends its connection.
      assertEndsItsConnection(used.get(LIVE, ""), used);
      assertEndsItsConnection(admin.get("/admin/services", ADMIN), admin);
      assertThat(idle.closedByServer(5_000)).as("idle through the whole grace: closed after it").isTrue();
      closing.get(30, TimeUnit.SECONDS);
    } finally {
      if (closing == null) {
        app.close();
      }
    }
  }

  private static void assertEndsItsConnection(Response answer, RawHttpConnection connection) throws Exception {
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.closesConnection()).as("Connection: close").isTrue();
    assertThat(connection.closedByServer(2_000)).as("closed by the gateway after its answer").isTrue();
  }

  private static void awaitNotReady(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMillis(GRACE_MS / 2).toNanos();
    while (true) {
      try (RawHttpConnection probe = RawHttpConnection.open(port)) {
        if (probe.get("/health/ready", "Connection: close\r\n").status() == 503) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("readiness turns 503 at once").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** When connecting to the port is first refused. */
  private static long awaitRefused(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMillis(GRACE_MS + 3_000).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        Thread.sleep(20);
      } catch (ConnectException refused) {
        return System.nanoTime();
      }
    }
    throw new AssertionError("the listener did not close");
  }
}
