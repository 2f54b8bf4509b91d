package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the shipped docker-compose.yml does when a user sets nothing but the two required secrets, and what
 * it publishes on the host.
 */
class ComposeFileTest {

  private static final Pattern DEMO_DATA = Pattern.compile("DEMO_DATA:\\s*(\\S+)");
  /** A published port, as the file writes it: {@code - "host-ip:host-port:container-port"}. */
  private static final Pattern PUBLISHED = Pattern.compile("(?m)^\\s+- \"([^\"]+)\"");

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

  @Test
  void jaegerTakesOtlpFromTheHostAndShowsItsUiOnTheHostsLoopbackOnly() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    // The service's block: from its name to the next line indented as little.
    Matcher block = Pattern.compile("(?ms)^  jaeger:\n(.*?)^(?=  \\S|\\S)").matcher(compose);
    assertThat(block.find()).as("a jaeger service").isTrue();
    // README's steps: ./run.sh on the host exports to localhost:4318, the UI is on localhost:16686.
    assertThat(PUBLISHED.matcher(block.group(1)).results().map(m -> m.group(1)).toList())
        .containsExactlyInAnyOrder("127.0.0.1:16686:16686", "127.0.0.1:4318:4318");
  }
}
