package io.eventgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixed-rate driver against a real HTTP server on loopback whose every answer takes 50 ms. */
class FixedRateTest {

  private static final long SERVICE_MS = 50;
  private static final String ID = "a1000000-0000-4000-8000-000000000001";
  private static final List<AnswerCheck.Line> LINES = List.of(new AnswerCheck.Line("t", ID, "default", "client"));

  private Vertx vertx;
  private String url;
  private volatile boolean answerAnotherId;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> {
          String id = answerAnotherId ? "a1000000-0000-4000-8000-000000000002"
              : body.toJsonObject().getString("_id");
          vertx.setTimer(SERVICE_MS, t -> request.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("status", "action-successful")
                  .put("data", new JsonObject().put("id", id)).encode()));
        }))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    url = "http://127.0.0.1:" + server.actualPort() + "/read";
  }

  @AfterEach
  void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void latencyCountsFromWhenEachRequestWasDueSoQueueingShows() throws Exception {
    // One connection serves 20 answers a second; 40 are due in the second: the last is due at 0.975 s and
    // answered at about 2 s. A closed-loop tool would report 50 ms for every one of them.
    try (FixedRate driver = new FixedRate(1)) {
      FixedRate.Result result = driver.run(url, LINES, 40, 1, false, 1);
      assertThat(result.answered()).isEqualTo(40);
      assertThat(result.errors()).isZero();
      assertThat(result.maxMillis()).isGreaterThan(600);
      assertThat(result.percentileMillis(50)).isGreaterThan(2 * SERVICE_MS);
    }
  }

  @Test
  void everyAnswerIsCheckedForTheAppointmentAsked() throws Exception {
    answerAnotherId = true;
    try (FixedRate driver = new FixedRate(4)) {
      FixedRate.Result result = driver.run(url, LINES, 20, 1, false, 1);
      assertThat(result.sent()).isEqualTo(20);
      assertThat(result.wrong()).isEqualTo(20);
    }
  }
}
