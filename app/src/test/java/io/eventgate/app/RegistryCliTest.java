package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's command line as a CI pipeline runs it ({@code java -jar eventgate-gateway.jar registry ...},
 * docs/OPERATIONS.md): export to a file, diff with exit 1 on drift and 0 without, sync as one version.
 */
class RegistryCliTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  private static final Duration RUN = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void exportDiffAndSyncWorkAsAPipelineExpects() throws Exception {
    Path file = dir.resolve("registry.json");
    Run exported = registry("export", file.toString());
    assertThat(exported.code).as(exported.output).isZero();
    JsonObject document = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(document.getJsonObject("registry").getJsonArray("routes")).isNotEmpty();

    Run same = registry("diff", file.toString());
    assertThat(same.code).as(same.output).isZero();
    assertThat(same.output).contains("0 created, 0 changed, 0 removed");

    String path = "/test/cli/" + UUID.randomUUID();
    document.getJsonObject("registry").getJsonArray("routes").add(new JsonObject().put("method", "POST")
        .put("path", path).put("service", "test-echo").put("action", "echo").put("auth", "none"));
    Files.writeString(file, document.encodePrettily(), StandardCharsets.UTF_8);
    Run drift = registry("diff", file.toString());
    assertThat(drift.code).as(drift.output).isEqualTo(1);
    assertThat(drift.output).contains("1 created, 0 changed, 0 removed").contains("+ route POST " + path);

    long before = SYSTEM.queryValue(Long.class, "SELECT max(version) FROM registry_versions");
    try {
      Run sync = registry("sync", file.toString(), "--comment", "from the pipeline");
      assertThat(sync.code).as(sync.output).isZero();
      assertThat(sync.output).contains("applied as registry version " + (before + 1));
      assertThat(SYSTEM.queryValue(String.class, "SELECT comment FROM registry_versions WHERE version = ?",
          before + 1)).isEqualTo("from the pipeline");
      assertThat(SYSTEM.admin("GET", "/admin/routes/POST" + path, null).code()).isEqualTo(200);
      assertThat(registry("diff", file.toString()).code).isZero();
    } finally {
      SYSTEM.update("DELETE FROM routes WHERE method = 'POST' AND path = ?", path);
    }
  }

  @Test
  void aRefusedDocumentOrAWrongTokenIsOneLineAndExitCodeTwo() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"registry\": {\"services\": [], \"routes\": [{\"method\": \"GET\"}]}}");
    Run refused = registry("sync", file.toString());
    assertThat(refused.code).isEqualTo(2);
    assertThat(refused.output.strip()).startsWith("invalid-param (registry.routes[0].path)").doesNotContain("\n")
        .doesNotContain("Exception");

    Run wrongToken = run(Map.of("ADMIN_TOKEN", "not-the-token"), "export");
    assertThat(wrongToken.code).isEqualTo(2);
    assertThat(wrongToken.output.strip()).startsWith("invalid-token");

    Run noToken = run(Map.of(), "export");
    assertThat(noToken.code).isEqualTo(2);
    assertThat(noToken.output).contains("ADMIN_TOKEN");
  }

  private Run registry(String... args) throws Exception {
    return run(Map.of("ADMIN_TOKEN", TestSystem.ADMIN_TOKEN), args);
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("-jar", LoopbackCluster.GATEWAY_JAR.toAbsolutePath().toString(),
        "registry"));
    command.addAll(List.of(args));
    Map<String, String> settings = new HashMap<>(env);
    settings.put("EVENTGATE_ADMIN_URL", SYSTEM.app().adminUrl());
    JavaProcess process = LoopbackCluster.process("registry-cli-" + UUID.randomUUID())
        .withoutInherited(List.of("ADMIN_TOKEN")).env(settings).args(command);
    int code = process.exitCode(RUN);
    return new Run(code, process.output());
  }

  private record Run(int code, String output) {
  }
}
