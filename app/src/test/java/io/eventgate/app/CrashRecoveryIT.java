package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one as a user runs it ({@code java -jar}, embedded PostgreSQL), killed with SIGKILL: no shutdown
 * hook runs. The watchdog stops the server within seconds; if it was killed too, the next start stops the
 * orphan itself. Data kept in {@code PG_DATA_DIR} is there on the next start.
 */
class CrashRecoveryIT {

  private static final Path JAR = Path.of("target/eventgate-all-in-one.jar");
  private static final String READY = "eventgate is ready at";
  private static final Duration START = Duration.ofSeconds(90);
  /** The watchdog reacts at once; a fast shutdown with fsync on takes a few seconds on a busy machine. */
  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(20);
  private static final Pattern TEMPORARY_FOLDER = Pattern.compile("data in (\\S+) \\(temporary");
  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);

  @Test
  void keptDataSurvivesAKill9AndNoStartAfterItNeedsHelp() throws Exception {
    Path data = Path.of("target", "crash-recovery", UUID.randomUUID().toString()).toAbsolutePath();

    Run first = Run.start("crash-kept-1", data);
    try {
      String token = login(first, TestSystem.NORA);
      assertThat(read(first, token).getString("status")).isEqualTo("client-required");
      Answer registered = first.gateway.postSensitive("/api/v1/users/client_register",
          new JsonObject().put("first_name", "Nora").put("last_name", "Norole"), token);
      assertThat(registered.status()).isEqualTo("action-successful");
      long server = postmasterPid(data);
      first.node.kill();
      // The watchdog saw the JVM go and stopped the server: nothing holds the folder.
      awaitTrue("the PostgreSQL of the killed run stops", () -> !running(server));
    } finally {
      first.node.close();
    }

    Run second = Run.start("crash-kept-2", data);
    long orphan;
    try {
      // Registered before the crash: a role route now says "not yours", no longer "client-required".
      JsonObject read = read(second, login(second, TestSystem.NORA));
      assertThat(read.getString("status")).isEqualTo("invalid-param");
      assertThat(read.getString("param")).isEqualTo("_id");
      orphan = postmasterPid(data);
      // No watchdog this time: the server outlives the JVM, as it did before the watchdog existed.
      List<ProcessHandle> watchdogs = second.node.handle().children().toList();
      assertThat(watchdogs).hasSize(1);
      watchdogs.forEach(ProcessHandle::destroyForcibly);
      second.node.kill();
      Thread.sleep(1_000);
      assertThat(running(orphan)).as("the orphaned PostgreSQL").isTrue();
    } finally {
      second.node.close();
    }

    Run third = Run.start("crash-kept-3", data);
    try {
      assertThat(third.node.output()).contains("stopping the PostgreSQL (process " + orphan + ") left running on"
          + " PG_DATA_DIR " + data);
      assertThat(running(orphan)).isFalse();
      assertThat(read(third, login(third, TestSystem.NORA)).getString("status")).isEqualTo("invalid-param");
      long server = postmasterPid(data);
      // SIGTERM, as a process manager stops it: the shutdown hook stops the server (the JVM then exits 143).
      third.node.terminate();
      third.node.exitCode(Duration.ofSeconds(60));
      assertThat(third.node.output()).contains("launch.Launcher - stopped");
      assertThat(running(server)).as("stopped with the run").isFalse();
    } finally {
      third.node.close();
    }
    new DataFolder(data, false).delete();
  }

  @Test
  void aKill9OnATemporaryFolderLeavesNoServerAndNoFolder() throws Exception {
    Run run = Run.start("crash-temporary-1", null);
    Path folder;
    long server;
    try {
      folder = temporaryFolder(run.node);
      server = postmasterPid(folder);
      run.node.kill();
      awaitTrue("the PostgreSQL of the killed run stops and its folder goes",
          () -> !running(server) && !Files.exists(folder));
      assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
          .map(line -> line.contains(folder.toString())).orElse(false)).toList()).isEmpty();
    } finally {
      run.node.close();
    }

    // Without the watchdog, the next start's reaper removes both (what every start does first).
    Run unwatched = Run.start("crash-temporary-2", null);
    try {
      Path left = temporaryFolder(unwatched.node);
      long orphan = postmasterPid(left);
      unwatched.node.handle().children().forEach(ProcessHandle::destroyForcibly);
      unwatched.node.kill();
      Thread.sleep(1_000);
      assertThat(running(orphan)).isTrue();
      assertThat(left).isDirectory();

      OrphanReaper.reapTemporaryFolders();

      assertThat(running(orphan)).isFalse();
      assertThat(left).doesNotExist();
    } finally {
      unwatched.node.close();
    }
  }

  /** One {@code java -jar} of the all-in-one on free ports; {@code data} null for a temporary folder. */
  private record Run(JavaProcess node, GatewayClient gateway) {

    static Run start(String name, Path data) throws Exception {
      int http = TestSystem.freePort();
      Map<String, String> env = new HashMap<>(Map.of(
          "PG_URL", "", // the embedded default, even where the tests' own PostgreSQL is given as PG_URL
          "PG_DATA_DIR", data == null ? "" : data.toString(),
          "HTTP_PORT", Integer.toString(http),
          "ADMIN_PORT", Integer.toString(TestSystem.freePort()),
          "HTTP_INSTANCES", "1",
          "EVENT_LOOPS", "1"));
      JavaProcess node = LoopbackCluster.process(name).env(env).jar(JAR);
      long started = System.nanoTime();
      try {
        node.awaitOutput(READY, START);
      } catch (Exception e) {
        node.close();
        throw e;
      }
      LOG.info("{} ready in {} ms", name, (System.nanoTime() - started) / 1_000_000);
      return new Run(node, new GatewayClient("http://127.0.0.1:" + http));
    }
  }

  private static Path temporaryFolder(JavaProcess node) throws Exception {
    Matcher matcher = TEMPORARY_FOLDER.matcher(node.output());
    assertThat(matcher.find()).as("the run names its temporary folder").isTrue();
    Path folder = Path.of(matcher.group(1));
    assertThat(folder.getFileName().toString()).startsWith(DataFolder.TEMPORARY_PREFIX);
    return folder;
  }

  private static long postmasterPid(Path data) throws Exception {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
  }

  private static boolean running(long pid) {
    return LinuxProcess.find(pid).isPresent();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + STOPPED_WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + STOPPED_WITHIN).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String login(Run run, String email) throws Exception {
    Answer answer = run.gateway().login(email, TestSystem.PASSWORD, null);
    assertThat(answer.status()).isEqualTo("action-successful");
    return answer.json().getJsonObject("session").getString("token");
  }

  private static JsonObject read(Run run, String token) throws Exception {
    return run.gateway().read(token, TestSystem.APPOINTMENT_1, null).json();
  }
}
