package io.eventgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs wrk with {@code bench/requests.lua} and reads the one RESULT line the script prints. */
final class Wrk {

  /**
   * One thread: it saturates the servers at 64 connections on this machine and leaves the most CPU to
   * them (a second thread only adds a process competing for the same two cores).
   */
  static final int THREADS = 1;
  /** Requests a round may need, per second: more than this machine serves. */
  static final int MOST_PER_SECOND = 20_000;

  private final Path script;

  Wrk(Path script) {
    this.script = script;
  }

  /** One measurement: {@code connections} connections for {@code seconds}, requests from {@code file}. */
  Result run(String url, int connections, int seconds, Path file, String mode, int firstLine)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t" + THREADS, "-c" + connections,
        "-d" + seconds + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url, "--",
        file.toString(), mode, String.valueOf(firstLine), String.valueOf(THREADS),
        String.valueOf((long) seconds * MOST_PER_SECOND)));
    builder.redirectErrorStream(true);
    Process wrk = builder.start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IOException("wrk failed: " + output);
    }
    return Result.parse(output);
  }

  /** What one wrk run measured. Latencies in microseconds. */
  record Result(long requests, double seconds, long p50, long p99, long p999, long statusErrors,
                long socketErrors, long wrong, long reused, long lastLine) {

    double throughput() {
      return requests / seconds;
    }

    /**
     * Answers that were not {@code action-successful} (an HTTP status above 399 is one of those too), and
     * connections that failed.
     */
    long errors() {
      return Math.max(statusErrors, wrong) + socketErrors;
    }

    static Result parse(String output) throws IOException {
      String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
          .orElseThrow(() -> new IOException("wrk printed no RESULT line: " + output));
      Map<String, String> values = new HashMap<>();
      for (String pair : line.substring("RESULT ".length()).trim().split(" ")) {
        String[] kv = pair.split("=", 2);
        values.put(kv[0], kv[1]);
      }
      return new Result(Long.parseLong(values.get("requests")), Double.parseDouble(values.get("seconds")),
          Long.parseLong(values.get("p50")), Long.parseLong(values.get("p99")),
          Long.parseLong(values.get("p999")), Long.parseLong(values.get("status_errors")),
          Long.parseLong(values.get("socket_errors")), Long.parseLong(values.get("wrong")),
          Long.parseLong(values.get("reused")), Long.parseLong(values.get("last_line")));
    }
  }
}
