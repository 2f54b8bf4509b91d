package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The way out of {@code client-required}: register as a client with the session it carried, then use the
 * same token on routes with auth {@code role}. Each test makes its own user, so Nora stays role-less.
 */
class ClientRegisterTest {

  private static final String REGISTER = "/api/v1/users/client_register";

  private final TestSystem system = TestSystem.get();

  @Test
  void aUserWithoutRecordsRegistersAsAClientAndTheSameTokenPassesRoleRoutes() {
    String email = system.newUser("new");
    String token = system.token(email);
    Answer refused = system.read(token, APPOINTMENT_1, null);
    assertStatus(refused, 401, "client-required");
    String sessionToken = refused.json().getJsonObject("session").getString("token");

    Answer registered = system.postSensitive(REGISTER, new JsonObject().put("first_name", "Reg")
        .put("last_name", "Istered").put("phone", "+1 555 0100"), sessionToken);
    assertStatus(registered, 200, "action-successful");
    JsonObject client = registered.data().getJsonObject("client");
    assertThat(client.getString("email")).isEqualTo(email);
    assertThat(client.getString("first_name")).isEqualTo("Reg");

    // Role routes now pass: appointment 1 is not this client's, so it is hidden, not client-required.
    Answer read = system.read(token, APPOINTMENT_1, null);
    assertStatus(read, 400, "invalid-param");
    assertThat(read.param()).isEqualTo("_id");
  }

  @Test
  void registeringTwiceIsRefusedAndChangesNothing() {
    String email = system.newUser("new");
    String token = system.token(email);
    JsonObject body = new JsonObject().put("first_name", "Once").put("last_name", "Only");
    assertStatus(system.postSensitive(REGISTER, body, token), 200, "action-successful");

    Answer again = system.postSensitive(REGISTER, body.copy().put("first_name", "Twice"), token);
    assertStatus(again, 400, "invalid-param");
    assertThat(again.param()).isEqualTo("first_name");
    assertThat(system.queryValue("SELECT string_agg(c.first_name, ',') FROM clients c JOIN users u"
        + " ON u.id = c.user_id WHERE u.email = ?", email)).isEqualTo("Once");
  }

  @Test
  void registrationNeedsASessionAndItsParams() {
    JsonObject body = new JsonObject().put("first_name", "No").put("last_name", "Token");
    assertStatus(system.postSensitive(REGISTER, body, null), 401, "invalid-token");
    String token = system.token(system.newUser("new"));
    Answer missing = system.postSensitive(REGISTER, new JsonObject().put("first_name", "Only"), token);
    assertStatus(missing, 400, "missing-param");
    assertThat(missing.param()).isEqualTo("last_name");
    Answer tooLong = system.postSensitive(REGISTER, body.copy().put("phone", "5".repeat(33)), token);
    assertStatus(tooLong, 400, "invalid-param");
    assertThat(tooLong.param()).isEqualTo("phone");
  }
}
