package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The access log of a real gateway process (the jar's own logback.xml: lines written by a thread of their
 * own, in batches): a clean shutdown right after a burst of requests still writes a line for every one.
 */
class AccessLogShutdownTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static final int REQUESTS = 500;

  @Test
  void aCleanShutdownWritesTheLineOfEveryRequestAnswered() throws Exception {
    try (LoopbackCluster cluster = new LoopbackCluster("eventgate-access-log")) {
      int http = TestSystem.freePort();
      JavaProcess gateway = cluster.start("access-log-gateway", LoopbackCluster.GATEWAY_JAR, Map.of(
          "HTTP_PORT", String.valueOf(http), "ADMIN_PORT", String.valueOf(TestSystem.freePort()),
          "ADMIN_TOKEN", TestSystem.ADMIN_TOKEN, "JWT_SECRET", TestSystem.JWT_SECRET, "HTTP_INSTANCES", "1",
          "ACCESS_LOG", "true"));
      GatewayClient client = new GatewayClient("http://127.0.0.1:" + http, Duration.ofSeconds(20));
      gateway.awaitHttp(client.baseUrl() + "/health/ready", START);

      List<String> requestIds = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        // Refused before anything is forwarded (no token): the line is all this test needs.
        Answer answer = client.post(TestSystem.READ, new JsonObject(), null);
        assertThat(answer.status()).isEqualTo("invalid-token");
        requestIds.add(answer.json().getString("request_id"));
      }
      gateway.terminate();
      assertThat(gateway.exitCode(Duration.ofSeconds(60))).isEqualTo(143);

      String output = gateway.output();
      List<String> lines = output.lines().filter(line -> line.contains("eventgate.access")).toList();
      for (String requestId : requestIds) {
        assertThat(lines).as("the access-log line of " + requestId).anyMatch(line -> line.contains(requestId)
            && line.contains("status=invalid-token"));
      }
    }
  }
}
