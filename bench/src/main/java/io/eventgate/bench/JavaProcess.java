package io.eventgate.bench;

import io.eventgate.common.config.SettingsLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One JVM the benchmark starts (a gateway, a service, the baseline): heap capped, GC logged to a file so
 * that a full collection during the run is seen, output kept in a log file beside it.
 */
final class JavaProcess implements AutoCloseable {

  private static final Pattern FULL_GC = Pattern.compile("Pause Full");

  final String name;
  private final Process process;
  private final Path log;
  private final Path gcLog;

  private JavaProcess(String name, Process process, Path log, Path gcLog) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.gcLog = gcLog;
  }

  /** {@code java -Xmx512m <args>} with {@code env} added to this process's environment. */
  static JavaProcess start(String name, Path workDir, List<String> args, Map<String, String> env)
      throws IOException {
    Path log = workDir.resolve(name + ".log");
    Path gcLog = workDir.resolve(name + "-gc.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Xlog:gc:file=" + gcLog + ":uptime:filecount=0"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // Only what the benchmark sets: an operator's own EVENT_LOOPS or JWT_ISSUER must not skew one side.
    builder.environment().keySet().removeAll(SettingsLoader.KEYS);
    builder.environment().putAll(env);
    return new JavaProcess(name, builder.start(), log, gcLog);
  }

  /** Waits until the process prints {@code text}; fails early when it exits. */
  void awaitOutput(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      checkAlive();
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not print '" + text + "' within " + timeout + "; see " + log);
  }

  /** Waits until {@code url} answers 200. */
  void awaitHttp(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not answer 200 on " + url + " within " + timeout + "; see " + log);
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
    }
  }

  /** Full collections so far, read from the GC log. */
  long fullGcs() throws IOException {
    if (!Files.exists(gcLog)) {
      return 0;
    }
    return Files.readAllLines(gcLog).stream().filter(line -> FULL_GC.matcher(line).find()).count();
  }

  /** Asks the process to stop (SIGTERM) without waiting. */
  void stop() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
