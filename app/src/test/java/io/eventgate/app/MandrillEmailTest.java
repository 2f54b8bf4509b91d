package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The welcome email of client registration, through a real local HTTP server standing in for Mandrill.
 * Whatever the email does, the registration stays committed; a failed send answers
 * {@code mandrill-email-failed} and leaves a notification with the provider's answer.
 */
class MandrillEmailTest {

  private static final String REGISTER = "/api/v1/users/client_register";

  private final TestSystem system = TestSystem.get();
  private final NotificationsTest notifications = new NotificationsTest();

  @AfterEach
  void answerNormallyAgain() {
    system.mandrill().mode(MandrillStub.Mode.SENT);
  }

  @Test
  void aSentWelcomeEmailCompletesTheRegistration() {
    String email = system.newUser("mail");
    Answer answer = register(email);
    assertStatus(answer, 200, "action-successful");
    assertThat(clientExists(email)).isTrue();
    JsonObject sent = system.mandrill().lastRequest();
    assertThat(sent.getString("key")).isEqualTo("test-mandrill-key");
    assertThat(sent.getJsonObject("message").getJsonArray("to").getJsonObject(0).getString("email")).isEqualTo(email);
  }

  @Test
  void anHttpErrorFromMandrill() throws Exception {
    system.mandrill().mode(MandrillStub.Mode.HTTP_500);
    assertFailedButRegistered("HTTP 500");
  }

  @Test
  void noAnswerFromMandrillWithinTheTimeout() throws Exception {
    system.mandrill().mode(MandrillStub.Mode.NO_ANSWER);
    long start = System.nanoTime();
    assertFailedButRegistered("did not answer within " + TestSystem.MANDRILL_TIMEOUT_MS + " ms");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(TestSystem.MANDRILL_TIMEOUT_MS);
  }

  @Test
  void aRecipientMandrillRejects() throws Exception {
    system.mandrill().mode(MandrillStub.Mode.REJECTED);
    assertFailedButRegistered("status rejected, reason hard-bounce");
  }

  @Test
  void mandrillRefusingTheConnection() throws Exception {
    system.mandrill().stop();
    try {
      assertFailedButRegistered("ConnectException");
    } finally {
      system.mandrill().start();
    }
  }

  private void assertFailedButRegistered(String detail) throws Exception {
    String email = system.newUser("mail");
    Answer answer = register(email);
    assertStatus(answer, 500, "mandrill-email-failed");
    assertThat(answer.text()).doesNotContain("stub failure", "hard-bounce", "test-mandrill-key", "127.0.0.1");
    assertThat(clientExists(email)).as("the registration is committed").isTrue();
    JsonObject notification = notifications.awaitNotification(answer.header("X-Request-Id"));
    assertThat(notification.getString("status")).isEqualTo("mandrill-email-failed");
    assertThat(notification.getString("route")).isEqualTo("POST " + REGISTER);
    assertThat(notification.getString("detail")).contains(detail).doesNotContain("test-mandrill-key");
  }

  private Answer register(String email) {
    return system.postSensitive(REGISTER, new JsonObject().put("first_name", "Mail").put("last_name", "Test"),
        system.token(email));
  }

  private boolean clientExists(String email) {
    return (long) system.queryValue("SELECT count(*) FROM clients c JOIN users u ON u.id = c.user_id"
        + " WHERE u.email = ?", email) == 1;
  }
}
