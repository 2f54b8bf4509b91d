package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the shipped docker-compose.yml does when a user sets nothing but the two required secrets. */
class ComposeFileTest {

  private static final Pattern DEMO_DATA = Pattern.compile("DEMO_DATA:\\s*(\\S+)");

  @Test
  void theProductionComposeFileLoadsNoDemoUsersUnlessAskedTo() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    Matcher setting = DEMO_DATA.matcher(compose);
    int found = 0;
    while (setting.find()) {
      // The demo users' password is published: only an explicit DEMO_DATA=true may load them.
      assertThat(setting.group(1)).isEqualTo("${DEMO_DATA:-false}");
      found++;
    }
    assertThat(found).isPositive();
  }
}
