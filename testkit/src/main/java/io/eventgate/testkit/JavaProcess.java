package io.eventgate.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM started by a test or by the benchmark ({@code java [options] -jar x.jar}, or any other arguments),
 * its standard output and error kept in {@code <logDir>/<name>.log}.
 *
 * <pre>{@code
 * JavaProcess gateway = JavaProcess.named("gateway-1", logs).jvmOptions("-Xmx256m")
 *     .env(Map.of("HTTP_PORT", "8080")).jar(Path.of("gateway/target/eventgate-gateway.jar"));
 * gateway.awaitOutput("gateway ready", Duration.ofSeconds(90));
 * }</pre>
 */
public final class JavaProcess implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  /** How long {@link #close()} waits after SIGTERM before it kills. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  /** How much of the output a failure to start shows; the rest is in the log file. */
  private static final int TAIL_LINES = 60;

  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts describing a process called {@code name} whose output goes to {@code logDir/name.log}. */
  public static Launch named(String name, Path logDir) {
    return new Launch(name, logDir);
  }

  /** What to start: JVM options, environment, then {@link #jar} or {@link #args} starts it. */
  public static final class Launch {

    private final String name;
    private final Path logDir;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> unset = new ArrayList<>();
    private final List<String> unsetPrefixes = new ArrayList<>();

    private Launch(String name, Path logDir) {
      this.name = name;
      this.logDir = logDir;
    }

    /** Options before the main arguments, e.g. {@code -Xmx256m}. */
    public Launch jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Variables added to the environment this JVM passes on. */
    public Launch env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /**
     * Variables of this JVM's own environment not passed on (those of {@link #env} still are): a setting the
     * developer happens to have exported must not reach the process unless the caller sets it.
     */
    public Launch withoutInherited(Collection<String> names) {
      unset.addAll(names);
      return this;
    }

    /**
     * Variables of this JVM's own environment whose names start with {@code prefix} not passed on (those of
     * {@link #env} still are): e.g. {@code OTEL_}, every setting of the OpenTelemetry SDK, whose names are not
     * a closed list.
     */
    public Launch withoutInheritedStartingWith(String prefix) {
      unsetPrefixes.add(prefix);
      return this;
    }

    /** {@code java <options> -jar <jar>}; fails at once when the jar has not been built. */
    public JavaProcess jar(Path jar) throws IOException {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: package the modules first (from the repository root,"
            + " `mvn -B verify` packages every module before the app module's tests run)");
      }
      return args(List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /** {@code java <options> <args>}, e.g. {@code -cp some.jar some.Main 8080}. */
    public JavaProcess args(List<String> args) throws IOException {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeAll(unset);
      builder.environment().keySet().removeIf(variable -> unsetPrefixes.stream().anyMatch(variable::startsWith));
      builder.environment().putAll(env);
      return new JavaProcess(name, builder.start(), log);
    }
  }

  public String name() {
    return name;
  }

  /** The file the process writes its output to. */
  public Path log() {
    return log;
  }

  /** Everything the process has written so far. */
  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Waits until the process has written {@code text}; fails if it exits or the time runs out. */
  public void awaitOutput(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw failure("did not print '" + text + "' within " + timeout);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Waits until a GET of {@code url} answers 200; fails if the process exits or the time runs out. */
  public void awaitHttp(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      checkAlive();
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // try again
      }
      if (System.nanoTime() > deadline) {
        throw failure("did not answer 200 on " + url + " within " + timeout);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The running JVM, to look at or kill the processes it started. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as a process manager stops a process: its shutdown hook runs. Does not wait. */
  public void terminate() {
    process.destroy();
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to a cluster. Waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits up to {@code timeout} for the process to end and returns its exit code. */
  public int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " is still running after " + timeout);
    }
    return process.exitValue();
  }

  /** SIGTERM, then a kill if the process has not ended within 30 s; waits for the end either way. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (" + log + ")";
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw failure("exited with " + process.exitValue());
    }
  }

  private IllegalStateException failure(String what) {
    String tail;
    try {
      List<String> lines = output().lines().toList();
      tail = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      tail = "(unreadable: " + e + ")";
    }
    return new IllegalStateException(name + " " + what + "; its output (" + log + "), last lines:\n" + tail);
  }
}
