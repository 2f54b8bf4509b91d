package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * CORS as a browser enforces it: a page served from another origin, in Debian's headless Chromium, logs in
 * and reads an appointment through the gateway, and reads the envelope of a refusal; the same page from an
 * origin the policy does not name is blocked by the browser.
 *
 * <p>The page server answers on one port under two names: {@code http://localhost:P} (allowed) and
 * {@code http://127.0.0.1:P} (not allowed); the gateway is {@code http://127.0.0.1:G}, another origin for
 * both. Runs in {@link Chromium}.
 */
class BrowserCorsTest {

  private static final TestSystem SYSTEM = TestSystem.get();

  private static HttpServer pages;
  private static WebDriver browser;
  private static String allowedOrigin;
  private static String blockedOrigin;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    int port = TestSystem.freePort();
    allowedOrigin = "http://localhost:" + port;
    blockedOrigin = "http://127.0.0.1:" + port;
    String page = page(SYSTEM.baseUrl());
    pages = SYSTEM.app().vertx().createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page))
        .listen(port, "127.0.0.1").await();
    setDefaultOrigins(new JsonArray().add(allowedOrigin));
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (pages != null) {
      pages.close().await();
      setDefaultOrigins(new JsonArray());
    }
  }

  /** Sets the registry's default policy, and waits until the gateway serves it. */
  private static void setDefaultOrigins(JsonArray origins) {
    JsonObject cors = new JsonObject().put("allowed_origins", origins);
    assertThat(SYSTEM.admin("PUT", "/admin/defaults", new JsonObject().put("cors", cors)).code()).isEqualTo(200);
    String expected = origins.isEmpty() ? null : origins.getString(0);
    for (int i = 0; i < 100; i++) {
      String allowed = SYSTEM.send(SYSTEM.request(TestSystem.READ)
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", allowedOrigin).header("Access-Control-Request-Method", "POST"))
          .header("Access-Control-Allow-Origin");
      if (Objects.equals(allowed, expected)) {
        return;
      }
      TestSystem.sleep(50);
    }
    throw new AssertionError("the gateway never served the default CORS policy " + cors.encode());
  }

  @Test
  void aPageOnAnAllowedOriginLogsInReadsAnAppointmentAndReadsARefusal() {
    JsonObject result = run(allowedOrigin);
    assertThat(result.getString("error")).as(result.encode()).isNull();
    // Without a token: the 401's envelope is readable, and so is its request id.
    assertThat(result.getString("unauthenticated")).isEqualTo("invalid-token");
    assertThat(result.getString("unauthenticatedRequestId")).isNotBlank();
    assertThat(result.getString("login")).isEqualTo("action-successful");
    assertThat(result.getString("read")).isEqualTo("action-successful");
    assertThat(result.getString("appointment")).isEqualTo(TestSystem.APPOINTMENT_1);
  }

  @Test
  void thePageOnAnOriginThePolicyDoesNotNameIsBlockedByTheBrowser() {
    JsonObject result = run(blockedOrigin);
    assertThat(result.getString("error")).as(result.encode()).contains("Failed to fetch");
    assertThat(result.getString("unauthenticated")).isNull();
  }

  /** Loads the page from {@code origin} and waits for what its script reports. */
  private static JsonObject run(String origin) {
    browser.get(origin + "/");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String reported = browser.findElement(By.id("result")).getText();
      if (!reported.isEmpty()) {
        return new JsonObject(reported);
      }
      TestSystem.sleep(100);
    }
    throw new AssertionError("the page reported nothing within 30 s");
  }

  /** The page: plain fetch() calls, as a web front end makes them, each result written into #result. */
  private static String page(String gateway) {
    return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>CORS</title></head>
        <body><pre id="result"></pre>
        <script>
        const gateway = %s;
        async function call(path, body, token) {
          const headers = {'Content-Type': 'application/json'};
          if (token) headers['Authorization'] = 'Bearer ' + token;
          const response = await fetch(gateway + path, {method: 'POST', headers, body});
          return {json: await response.json(), requestId: response.headers.get('X-Request-Id')};
        }
        async function run() {
          const out = {};
          const refused = await call('%s', JSON.stringify({_id: '%s'}));
          out.unauthenticated = refused.json.status;
          out.unauthenticatedRequestId = refused.requestId;
          const login = await call('%s', btoa(JSON.stringify({email: '%s', password: '%s'})));
          out.login = login.json.status;
          const read = await call('%s', JSON.stringify({_id: '%s', view: 'default'}), login.json.session.token);
          out.read = read.json.status;
          out.appointment = read.json.data._id;
          return out;
        }
        run().then(out => document.getElementById('result').textContent = JSON.stringify(out),
                   e => document.getElementById('result').textContent = JSON.stringify({error: String(e)}));
        </script></body></html>
        """.formatted("'" + gateway + "'",
        TestSystem.READ, TestSystem.APPOINTMENT_1, TestSystem.LOGIN, TestSystem.CLARA, TestSystem.PASSWORD,
        TestSystem.READ, TestSystem.APPOINTMENT_1);
  }
}
