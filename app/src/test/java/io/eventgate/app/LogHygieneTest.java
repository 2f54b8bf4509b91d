package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * No token, password, stack trace or SQL of ours reaches a log line: checked over everything this JVM has
 * logged, after every other test class (see junit-platform.properties) and a run of requests that log.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneTest {

  private final TestSystem system = TestSystem.get();

  @Test
  void logLinesCarryNoSecretsNoStackTracesAndNoSql() {
    String token = system.token(CLARA);
    system.read(token, APPOINTMENT_1, null);
    system.login(CLARA, "wrong-password-in-a-log-would-be-bad", false);
    system.post(TestRegistry.CRASH, "{}", null);
    system.post(TestRegistry.BROKEN, "{}", null);
    system.post(TestRegistry.SLOW, "{}", null);

    List<String> lines = MemoryAppender.lines();
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("status=application-crash"));
    for (String line : lines) {
      assertThat(line).doesNotContain(token, "eyJ", TestSystem.PASSWORD, "wrong-password-in-a-log-would-be-bad",
          TestSystem.JWT_SECRET, TestSystem.ADMIN_TOKEN, "egt_", "test-mandrill-key", "pbkdf2-sha512$", "$pbkdf2$",
          "\tat ", "SELECT ", "INSERT INTO", "UPDATE sessions", "UPDATE admin_credentials");
    }
  }
}
