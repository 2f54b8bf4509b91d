package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cleartext HTTP/2 (prior knowledge, and {@code Upgrade: h2c}) is off unless {@code HTTP2_CLEARTEXT} is set;
 * when on, requests over it run through the same pipeline and get the same envelopes.
 */
class CleartextHttp2Test {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static AllInOne withH2c;
  private static Vertx clientVertx;
  private static HttpClientAgent priorKnowledge;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    // Switched on the way an operator does (a -D property, read like the environment), not as an override.
    System.setProperty("HTTP2_CLEARTEXT", "true");
    try {
      withH2c = startGateway();
    } finally {
      System.clearProperty("HTTP2_CLEARTEXT");
    }
    clientVertx = Vertx.vertx();
    priorKnowledge = clientVertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    token = SYSTEM.token(CLARA);
  }

  private static AllInOne startGateway() throws Exception {
    return AllInOne.start(new JsonObject()
        .put("PG_URL", SYSTEM.pg().url())
        .put("HTTP_PORT", TestSystem.freePort())
        .put("ADMIN_PORT", TestSystem.freePort())
        .put("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN)
        .put("JWT_SECRET", TestSystem.JWT_SECRET)
        .put("JWT_ISSUER", TestSystem.ISSUER)
        .put("JWT_AUDIENCE", TestSystem.AUDIENCE));
  }

  @AfterAll
  static void stop() {
    clientVertx.close().await();
    withH2c.close();
  }

  private static Reply postOverPriorKnowledge(String baseUrl, String path, String body, String bearer) {
    URI uri = URI.create(baseUrl + path);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
        .setPort(uri.getPort()).setURI(path).putHeader("Content-Type", "application/json")
        .setTimeout(10_000);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    return priorKnowledge.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(text -> new Reply(response, text.toString())))
        .await();
  }

  @Test
  void priorKnowledgeRunsTheSamePipelineWhenOn() {
    String body = "{\"_id\":\"" + APPOINTMENT_1 + "\"}";
    Reply read = postOverPriorKnowledge(withH2c.baseUrl(), READ, body, token);
    assertThat(read.response.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(read.response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(read.text).getString("status")).isEqualTo("action-successful");
    assertThat(read.response.getHeader("Cache-Control")).isEqualTo("no-store");

    Reply noToken = postOverPriorKnowledge(withH2c.baseUrl(), READ, body, null);
    assertThat(noToken.response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(noToken.text).getString("status")).isEqualTo("invalid-token");
    assertThat(new JsonObject(noToken.text).getString("request_id")).isEqualTo(noToken.response.getHeader("X-Request-Id"));

    Reply badJson = postOverPriorKnowledge(withH2c.baseUrl(), READ, "{\"_id\":", token);
    assertThat(new JsonObject(badJson.text).getString("status")).isEqualTo("invalid-encoded-params");
  }

  @Test
  void anUpgradeToH2cIsTakenWhenOn() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(withH2c.baseUrl() + "/health/live"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(live.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(withH2c.baseUrl() + READ))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"_id\":\"" + APPOINTMENT_1 + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(new JsonObject(read.body()).getString("status")).isEqualTo("action-successful");
  }

  @Test
  void byDefaultNeitherPriorKnowledgeNorAnUpgradeIsTaken() throws Exception {
    assertThatThrownBy(() -> postOverPriorKnowledge(SYSTEM.baseUrl(), READ, "{}", token))
        .as("the HTTP/2 preface is not HTTP/1.1: the gateway answers 400 and closes");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(SYSTEM.baseUrl() + "/health/live"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(live.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(live.statusCode()).isEqualTo(200);
  }

  private record Reply(HttpClientResponse response, String text) {
  }
}
