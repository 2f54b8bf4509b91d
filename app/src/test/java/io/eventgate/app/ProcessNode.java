package io.eventgate.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One real process of a clustered deployment, started from the jar Maven built for it, its output kept
 * in {@code target/cluster-logs}.
 */
final class ProcessNode implements AutoCloseable {

  private static final Path LOGS = Path.of("target", "cluster-logs");

  private final String name;
  private final Process process;
  private final Path log;

  private ProcessNode(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ProcessNode start(String name, String jar, Map<String, String> env) throws IOException {
    Path jarPath = Path.of(jar);
    if (!Files.isRegularFile(jarPath)) {
      throw new IllegalStateException(jar + " is missing: run `mvn -B verify` from the repository root, which"
          + " packages every module before the app module's tests run");
    }
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
        jarPath.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ProcessNode(name, builder.start(), log);
  }

  /** Waits until the process has written {@code text}; fails if it dies or the time runs out. */
  void awaitOutput(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not print '" + text + "' within " + timeout + ":\n" + output());
  }

  /** The running JVM, to look at or kill the processes it started. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as a process manager stops a process: its shutdown hook runs. */
  void terminate() {
    process.destroy();
  }

  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " is still running");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (" + new File(log.toString()) + ")";
  }
}
