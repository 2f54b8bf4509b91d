package io.eventgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What share of a JVM's CPU one feature takes, from the JVM's own execution samples (Java Flight Recorder,
 * nothing but {@code jdk.ExecutionSample}, every 10 ms per running thread: too few to weigh).
 *
 * <p>Why not only compare a JVM with the feature against one without: on this shared two-core machine two
 * identical JVMs differ by up to ±10% from round to round (the A/A pair), so a cost of a few percent cannot
 * be told from noise that way. The samples say where the CPU went in the very JVM that served the rounds.
 * A feature's share of the samples, times the JVM's CPU per request, divided by the machine's, is the share
 * of throughput it takes while the machine is the bottleneck (as it is at 64 connections: every process
 * competes for the same two cores). Garbage collection and the JIT compiler run outside Java and are not
 * sampled; they are spread over the features in proportion, which is an approximation, and stated.
 */
final class CpuProfile {

  /** The recording the sampling JVM makes, named so that {@code jcmd} can dump it. */
  private static final String RECORDING = "bench";

  private CpuProfile() {
  }

  /** The access log's work: formatting and writing on its own thread, handing the line over on the loop. */
  static final Predicate<RecordedEvent> ACCESS_LOG = sample -> threadName(sample).startsWith("eventgate-log-")
      || anyFrame(sample, "ch.qos.logback.", "org.slf4j.");

  /** The metrics' work: the request timer, the pools' meters, Micrometer itself. */
  static final Predicate<RecordedEvent> METRICS = sample -> anyFrame(sample, "io.micrometer.",
      "io.vertx.micrometer.", "io.eventgate.gateway.metrics.");

  /**
   * Tracing's work while it is off: the gateway's own tracing code and whatever of OpenTelemetry or Vert.x's
   * tracing runs without a tracer. (The SQL client's query reporter runs with or without one: it reports
   * the pool's metrics too, and is left out.)
   */
  static final Predicate<RecordedEvent> TRACING = sample -> anyFrame(sample, "io.eventgate.common.tracing.",
      "io.opentelemetry.", "io.vertx.tracing.");

  /** The options that make a JVM sample itself from its start; {@code settings} is written beside the logs. */
  static List<String> jvmOptions(Path work) throws IOException {
    Path settings = work.resolve("execution-samples.jfc");
    if (!Files.exists(settings)) {
      Files.writeString(settings, """
          <?xml version="1.0" encoding="UTF-8"?>
          <configuration version="2.0" label="eventgate bench" description="Execution samples only">
            <event name="jdk.ExecutionSample">
              <setting name="enabled">true</setting>
              <setting name="period">10 ms</setting>
            </event>
          </configuration>
          """);
    }
    return List.of("-XX:StartFlightRecording=name=" + RECORDING + ",settings=" + settings);
  }

  /** The samples in a JVM's recording so far, or empty when they could not be had (no jcmd: a bare JRE). */
  static Optional<Path> dump(long pid, Path file) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return Optional.empty();
    }
    Files.deleteIfExists(file);
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "JFR.dump", "name=" + RECORDING,
        "filename=" + file).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** A time span a variant was loaded in. */
  record Window(Instant start, Instant end) {

    boolean holds(Instant time) {
      return !time.isBefore(start) && !time.isAfter(end);
    }
  }

  /** Samples taken within the windows, and how many of them each feature's predicate claims. */
  record Shares(long samples, long accessLog, long metrics, long tracing) {

    double accessLogShare() {
      return samples == 0 ? Double.NaN : (double) accessLog / samples;
    }

    double metricsShare() {
      return samples == 0 ? Double.NaN : (double) metrics / samples;
    }

    double tracingShare() {
      return samples == 0 ? Double.NaN : (double) tracing / samples;
    }
  }

  static Shares read(Path recording, List<Window> windows) throws IOException {
    long samples = 0;
    long accessLog = 0;
    long metrics = 0;
    long tracing = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || windows.stream().noneMatch(w -> w.holds(event.getStartTime()))) {
          continue;
        }
        samples++;
        if (ACCESS_LOG.test(event)) {
          accessLog++;
        }
        if (METRICS.test(event)) {
          metrics++;
        }
        if (TRACING.test(event)) {
          tracing++;
        }
      }
    }
    return new Shares(samples, accessLog, metrics, tracing);
  }

  private static String threadName(RecordedEvent sample) {
    RecordedThread thread = sample.getThread("sampledThread");
    return thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
  }

  private static boolean anyFrame(RecordedEvent sample, String... packages) {
    RecordedStackTrace stack = sample.getStackTrace();
    if (stack == null) {
      return false;
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      for (String prefix : packages) {
        if (type.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }
}
