package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.NORA;
import static io.eventgate.app.TestSystem.READ;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request with several faults always gets the answer of the earliest check (docs/API.md section 2):
 * identify, authenticate, read the body, validate params in the route's order, forward.
 */
class OrderOfChecksTest {

  private static final byte[] MALFORMED = "{not json".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TOO_LARGE = new byte[TestSystem.BODY_LIMIT + 1];

  private final TestSystem system = TestSystem.get();

  @Test
  void identifyingTheRouteComesBeforeAuthentication() {
    assertStatus(system.post("/api/v1/unknown", "text/plain", MALFORMED, "bad-token"), 500, "route-non-existent");
    assertStatus(system.post(TestRegistry.UNDEPLOYED_ROUTE, "text/plain", MALFORMED, "bad-token"), 404,
        "route-not-found");
    assertStatus(system.post(TestRegistry.MISSING_SERVICE, "text/plain", MALFORMED, "bad-token"), 503,
        "service-not-found");
  }

  @Test
  void authenticationComesBeforeTheBody() {
    assertStatus(system.post(READ, "text/plain", TOO_LARGE, null), 401, "invalid-token");
    assertStatus(system.post(READ, null, MALFORMED, "not.a.token"), 401, "invalid-token");
  }

  @Test
  void clientRequiredComesBeforeTheBody() {
    assertStatus(system.post(READ, "text/plain", MALFORMED, system.token(NORA)), 401, "client-required");
  }

  @Test
  void withinTheBodySizeComesFirstThenContentTypeThenDecodingThenEmptiness() {
    String token = system.token(CLARA);
    assertStatus(system.post(READ, "text/plain", TOO_LARGE, token), 413, "request-too-large");
    assertStatus(system.post(READ, "text/plain", MALFORMED, token), 400, "invalid-content-type");
    assertStatus(system.post(READ, "application/json", MALFORMED, token), 400, "invalid-encoded-params");
    assertStatus(system.post(READ, "application/json", new byte[0], token), 400, "no-params-decoded");
  }

  @Test
  void theBodyIsReadBeforeParamsAreValidated() {
    assertStatus(system.post(READ, "{\"view\": 5}", system.token(CLARA)), 400, "invalid-param");
    assertStatus(system.post(READ, "{\"view\": 5,}", system.token(CLARA)), 400, "invalid-encoded-params");
  }

  @Test
  void paramsAreCheckedInTheOrderTheRouteListsThem() {
    String token = system.token(CLARA);
    // view is listed before _id: an invalid view wins over a missing _id.
    Answer answer = system.post(READ, new JsonObject().put("view", "nope"), token);
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo("view");
    // With a valid view, the missing _id is reported.
    answer = system.post(READ, new JsonObject().put("view", "default"), token);
    assertStatus(answer, 400, "missing-param");
    assertThat(answer.param()).isEqualTo("_id");
    // On the echo route, name (first) is missing and count (second) has the wrong type: name is reported.
    answer = system.post(TestRegistry.ECHO, new JsonObject().put("count", "three"), null);
    assertStatus(answer, 400, "missing-param");
    assertThat(answer.param()).isEqualTo("name");
  }

  @Test
  void paramsAreValidatedBeforeForwarding() {
    Answer answer = system.post(TestRegistry.UNAVAILABLE_WITH_PARAMS, new JsonObject().put("other", 1), null);
    assertStatus(answer, 400, "missing-param");
    assertThat(answer.param()).isEqualTo("name");
    assertStatus(system.post(TestRegistry.UNAVAILABLE_WITH_PARAMS, new JsonObject().put("name", "ok"), null), 503,
        "service-unavailable");
  }
}
