package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The registry changed on a running gateway — through the admin API or straight in PostgreSQL — and every
 * registry status reached through operations, each change visible within a second and undone after.
 */
class RegistryOperationsTest {

  private static final Duration WITHIN = Duration.ofSeconds(1);

  private final TestSystem system = TestSystem.get();

  @Test
  void undeployingAndDeployingTheReadRouteThroughTheAdminApi() {
    String token = system.token(CLARA);
    JsonObject route = system.admin("GET", "/admin/routes/POST/api/v1/appointments/read", null).data()
        .getJsonObject("route");
    try {
      assertStatus(putRoute("POST", "/api/v1/appointments/read", route.copy().put("deployed", false)), 200,
          "action-successful");
      eventually(() -> system.read(token, APPOINTMENT_1, null), "route-not-found");
    } finally {
      assertStatus(putRoute("POST", "/api/v1/appointments/read", route.copy().put("deployed", true)), 200,
          "action-successful");
    }
    eventually(() -> system.read(token, APPOINTMENT_1, null), "action-successful");
  }

  @Test
  void everyRegistryStatusThroughOperationsAndBack() {
    JsonObject service = new JsonObject().put("address", TestRegistry.ECHO_ADDRESS).put("timeout_ms", 5000);
    assertStatus(putService("ops-a", service), 200, "action-successful");
    assertStatus(putRoute("POST", "/ops/a", new JsonObject().put("service", "ops-a").put("action", "echo")
        .put("auth", "none").put("params", new JsonArray())), 200, "action-successful");
    Supplier<Answer> call = () -> system.post("/ops/a", "{}", null);
    eventually(call, "action-successful");

    putService("ops-a", service.copy().put("deployed", false));
    eventually(call, "service-not-found");
    putService("ops-a", service.copy().put("address", "nobody.consumes.this"));
    eventually(call, "service-unavailable");
    putService("ops-a", service.copy().put("address", TestRegistry.DELAY_ADDRESS).put("timeout_ms", 200));
    eventually(call, "service-timeout");
    putService("ops-a", service.copy().put("address", TestRegistry.DELAY_ADDRESS));
    eventually(call, "action-successful");

    system.update("UPDATE routes SET deployed = false WHERE path = '/ops/a'");
    eventually(call, "route-not-found");
    system.update("UPDATE routes SET deployed = true WHERE path = '/ops/a'");
    eventually(call, "action-successful");
    system.update("DELETE FROM services WHERE name = 'ops-a'");
    eventually(call, "service-not-found");

    assertStatus(system.admin("DELETE", "/admin/routes/POST/ops/a", null), 200, "action-successful");
    eventually(call, "route-non-existent");
  }

  @Test
  void recordsAreCheckedBeforeAnythingIsWritten() {
    long version = version();
    JsonObject good = new JsonObject().put("service", "appointments").put("action", "read").put("auth", "none");
    assertInvalid(putRoute("POST", "/ops/b", good.copy().put("service", "no-such-service")), "service");
    assertInvalid(putRoute("POST", "/ops/b", good.copy().put("params", new JsonArray()
        .add(new JsonObject().put("name", "x").put("type", "text")))), "params[0].type");
    assertInvalid(putRoute("POST", "/ops/b", good.copy().put("params", new JsonArray()
        .add(new JsonObject().put("name", "x").put("type", "string"))
        .add(new JsonObject().put("name", "x").put("type", "integer")))), "params[1].name");
    assertInvalid(putRoute("FETCH", "/ops/b", good), "method");
    assertInvalid(putRoute("post", "/ops/b", good), "method");
    assertInvalid(putRoute("POST", "/ops//b", good), "path");
    assertInvalid(putRoute("POST", "/health/ready", good), "path");
    assertInvalid(putRoute("POST", "/ops/b", good.copy().put("auth", "admin")), "auth");
    assertInvalid(putRoute("POST", "/ops/b", good.copy().put("colour", "red")), "colour");
    assertInvalid(putService("ops-b", new JsonObject().put("address", "")), "address");
    assertInvalid(putService("ops-b", new JsonObject().put("address", "x").put("timeout_ms", 0)), "timeout_ms");
    assertInvalid(system.admin("DELETE", "/admin/services/appointments", null), "name");
    assertInvalid(system.admin("DELETE", "/admin/services/no-such-service", null), "name");
    assertStatus(system.admin("PUT", "/admin/routes/POST/ops/b", null), 400, "invalid-param");
    assertThat(system.admin("GET", "/admin/routes/POST/ops/b", null).status()).isEqualTo("invalid-param");
    assertThat(version()).as("nothing was written").isEqualTo(version);
  }

  @Test
  void recordsAreListedAndReadBack() {
    JsonArray services = system.admin("GET", "/admin/services", null).data().getJsonArray("services");
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("name"))).contains("appointments", "users");
    JsonArray routes = system.admin("GET", "/admin/routes", null).data().getJsonArray("routes");
    assertThat(routes.stream().map(r -> ((JsonObject) r).getString("path")))
        .contains("/api/v1/appointments/read", "/api/v1/users/login");
    JsonObject read = system.admin("GET", "/admin/routes/POST/api/v1/appointments/read", null).data()
        .getJsonObject("route");
    assertThat(read.getString("auth")).isEqualTo("role");
    assertThat(read.getJsonArray("params").getJsonObject(1).getString("format")).isEqualTo("uuid");
    JsonObject users = system.admin("GET", "/admin/services/users", null).data().getJsonObject("service");
    assertThat(users.getString("address")).isEqualTo("users");
  }

  private Answer putRoute(String method, String path, JsonObject body) {
    return system.admin("PUT", "/admin/routes/" + method + path, body);
  }

  private Answer putService(String name, JsonObject body) {
    Answer answer = system.admin("PUT", "/admin/services/" + name, body);
    return answer;
  }

  private long version() {
    return (long) system.queryValue("SELECT version FROM registry_version");
  }

  private static void assertInvalid(Answer answer, String param) {
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).as(answer.toString()).isEqualTo(param);
  }

  /** The call answers this status within a second of the change. */
  private static void eventually(Supplier<Answer> call, String status) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    Answer last = call.get();
    while (!status.equals(last.status()) && System.nanoTime() < deadline) {
      sleep();
      last = call.get();
    }
    assertThat(last.status()).as("within %s: %s", WITHIN, last).isEqualTo(status);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
