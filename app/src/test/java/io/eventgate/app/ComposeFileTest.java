package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the shipped docker-compose.yml does when a user sets nothing but the required secrets, and what
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
  void everyClusterProcessTalksMutualTlsWithAKeyOfItsOwnAndNeverSeesTheCaKey() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    // The settings every process of the cluster shares: TLS on, and where each finds its own files.
    Matcher shared = Pattern.compile("(?ms)^x-cluster: &cluster\\n(.*?)^(?=\\S)").matcher(compose);
    assertThat(shared.find()).as("the shared cluster settings").isTrue();
    assertThat(shared.group(1)).contains("EVENTBUS_TLS: \"true\"", "EVENTBUS_TLS_CERT: /certs/member.pem",
        "EVENTBUS_TLS_KEY: /certs/member.key", "EVENTBUS_TLS_CA: /certs/ca.pem");
    for (String process : List.of("gateway-1", "gateway-2", "appointments-1", "appointments-2")) {
      String block = service(compose, process);
      assertThat(block).as("%s takes the shared settings", process).containsAnyOf("<<: *cluster", "<<: *gateway-env");
      assertThat(mounts(block)).as("%s's mounts", process).containsExactlyInAnyOrder(
          "./certs/ca.pem:/certs/ca.pem:ro", "./certs/" + process + ".pem:/certs/member.pem:ro",
          "./certs/" + process + ".key:/certs/member.key:ro");
    }
    assertThat(compose).doesNotContain("ca.key");
    // Neither the member port nor the event bus's is published: Hazelcast's authenticates no one.
    assertThat(PUBLISHED.matcher(compose).results().map(m -> m.group(1)))
        .noneMatch(port -> port.endsWith(":5701") || port.endsWith(":5710"));
  }

  @Test
  void jaegerTakesOtlpFromTheHostAndShowsItsUiOnTheHostsLoopbackOnly() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    // README's steps: ./run.sh on the host exports to localhost:4318, the UI is on localhost:16686.
    assertThat(PUBLISHED.matcher(service(compose, "jaeger")).results().map(m -> m.group(1)).toList())
        .containsExactlyInAnyOrder("127.0.0.1:16686:16686", "127.0.0.1:4318:4318");
  }

  /** A service's block: from its name to the next line indented as little. */
  private static String service(String compose, String name) {
    Matcher block = Pattern.compile("(?ms)^  " + Pattern.quote(name) + ":\\n(.*?)^(?=  \\S|\\S)").matcher(compose);
    assertThat(block.find()).as("a %s service", name).isTrue();
    return block.group(1);
  }

  /** The bind mounts of a service's block: {@code - ./host:/container:ro}. */
  private static List<String> mounts(String block) {
    return Pattern.compile("(?m)^\\s+- (\\./\\S+)").matcher(block).results().map(m -> m.group(1)).toList();
  }
}
