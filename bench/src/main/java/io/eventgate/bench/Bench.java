package io.eventgate.bench;

import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The benchmark (bench/run.sh): one database with the data set, the baseline server and the variants of
 * the gateway started side by side, then rounds in which each is loaded in turn by wrk with the same kind
 * of requests. Prints the table of medians and ratios; exits 1 when any answer was wrong.
 */
public final class Bench {

  private static final int BASELINE_PORT = 18090;
  private static final int ALL_IN_ONE_PORT = 18080;
  private static final int METRICS_OFF_PORT = 18082;
  private static final int CLUSTERED_PORT = 18084;
  private static final int TRACED_PORT = 18086;
  private static final int OTLP_SINK_PORT = 18088;
  private static final int ACCESS_LOG_PORT = 18092;
  private static final String READ_PATH = GatewayClient.READ;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern FULL_GC = Pattern.compile("Pause Full");

  private final BenchOptions options;
  private final Path work;
  private final Map<String, String> urls = new LinkedHashMap<>();
  private final List<JavaProcess> processes = new ArrayList<>();
  private final Report report;
  private final String jwtSecret = secret();
  private final String adminToken = secret();
  private int nextUncachedLine = 1;
  private long warmupErrors;

  private Bench(BenchOptions options) throws Exception {
    this.options = options;
    this.report = new Report(!options.smoke());
    this.work = Files.createDirectories(options.root().resolve("bench/target/run"));
    // Logs of an earlier run would sit beside this run's report and be mistaken for it.
    try (var old = Files.list(work)) {
      for (Path file : old.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.delete(file);
      }
    }
  }

  public static void main(String[] args) {
    int exit;
    try {
      exit = new Bench(BenchOptions.parse(args)).run();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      exit = 2;
    } catch (Exception e) {
      Log.line("the benchmark failed: %s", e);
      exit = 1;
    }
    System.exit(exit);
  }

  private int run() throws Exception {
    DataSet data = options.dataSet();
    for (int port : new int[] {BASELINE_PORT, ALL_IN_ONE_PORT, METRICS_OFF_PORT, CLUSTERED_PORT, TRACED_PORT,
        OTLP_SINK_PORT}) {
      // A process left over from an interrupted run would answer in place of the one this run starts.
      try (var socket = new Socket("127.0.0.1", port)) {
        throw new IllegalStateException("port " + port + " is in use: is an earlier benchmark still running?");
      } catch (IOException free) {
        // nobody listens: good
      }
    }
    try (BenchDatabase db = BenchDatabase.start(data)) {
      // Ctrl-C or a CI timeout must not leave JVMs and PostgreSQL behind.
      Thread cleanup = new Thread(() -> {
        stopProcesses();
        db.close();
      }, "bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        start(db);
        Workload workload = new Workload(db.pg, data);
        Path cached = work.resolve("cached-requests.tsv");
        Path uncached = work.resolve("uncached-requests.tsv");
        workload.cached(loginUrl(), cached);
        if (options.variants().contains(Variant.UNCACHED)) {
          workload.uncached(gatewaySettings(), options.uncachedSessions(), uncached);
        }
        int wrong = check(cached, uncached);
        measure(workload, cached, uncached);
        for (JavaProcess process : processes) {
          if (!process.name().equals(Variant.BASELINE)) {
            report.fullGcs(process.name(), fullGcs(process));
          }
        }
        String table = report.table(heading(data));
        System.out.println(table);
        Files.writeString(work.resolve("report.md"), table);
        Log.line("report written to %s; logs of every process beside it", work.resolve("report.md"));
        if (wrong > 0 || warmupErrors > 0 || report.errors() > 0 || report.anyEmpty()) {
          Log.line("FAILED: %d wrong answers before the load, %d errors in the warm-up, %d under load%s", wrong,
              warmupErrors, report.errors(), report.anyEmpty() ? ", and a measurement with no request at all" : "");
          return 1;
        }
        return 0;
      } finally {
        stopProcesses();
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }

  /** Asks every process to stop at once, then waits for each. */
  private synchronized void stopProcesses() {
    processes.forEach(JavaProcess::terminate);
    processes.forEach(JavaProcess::close);
    processes.clear();
  }

  /** A server's scheme, host and port, from the URL of its read route that wrk loads. */
  private static String baseUrl(String readUrl) {
    return readUrl.substring(0, readUrl.length() - READ_PATH.length());
  }

  /** The gateway the callers log in through: any one will do, they share the database and the secret. */
  private String loginUrl() {
    for (String variant : List.of(Variant.ALL_IN_ONE, Variant.METRICS_OFF, Variant.CLUSTERED)) {
      if (urls.containsKey(variant)) {
        return baseUrl(urls.get(variant));
      }
    }
    throw new IllegalStateException("no gateway was started");
  }

  /** Starts every process the chosen variants need; each waits until it serves. */
  private void start(BenchDatabase db) throws Exception {
    String pgUrl = db.pg.url();
    List<String> variants = options.variants();
    Path benchJar = jar("bench/target/eventgate-bench.jar");
    JavaProcess baseline = started(jvm(Variant.BASELINE, Map.of()).args(List.of("-cp", benchJar.toString(),
        BaselineServer.class.getName(), String.valueOf(BASELINE_PORT), pgUrl, "8")));
    baseline.awaitOutput("baseline listening", START_TIMEOUT);
    urls.put(Variant.BASELINE, "http://127.0.0.1:" + BASELINE_PORT + READ_PATH);

    Path allInOne = jar("app/target/eventgate-all-in-one.jar");
    if (variants.contains(Variant.ALL_IN_ONE) || variants.contains(Variant.UNCACHED)) {
      startAllInOne(Variant.ALL_IN_ONE, allInOne, pgUrl, ALL_IN_ONE_PORT, true);
      urls.put(Variant.ALL_IN_ONE, "http://127.0.0.1:" + ALL_IN_ONE_PORT + READ_PATH);
    }
    if (variants.contains(Variant.METRICS_OFF)) {
      startAllInOne(Variant.METRICS_OFF, allInOne, pgUrl, METRICS_OFF_PORT, false);
      urls.put(Variant.METRICS_OFF, "http://127.0.0.1:" + METRICS_OFF_PORT + READ_PATH);
    }
    if (variants.contains(Variant.ACCESS_LOG)) {
      startAllInOne(Variant.ACCESS_LOG, allInOne, pgUrl, ACCESS_LOG_PORT, true, Map.of("ACCESS_LOG", "true"));
      urls.put(Variant.ACCESS_LOG, "http://127.0.0.1:" + ACCESS_LOG_PORT + READ_PATH);
    }
    if (variants.contains(Variant.TRACED)) {
      JavaProcess sink = started(jvm("otlp-sink", Map.of()).args(List.of("-cp", benchJar.toString(),
          OtlpSink.class.getName(), String.valueOf(OTLP_SINK_PORT))));
      sink.awaitOutput("otlp sink listening", START_TIMEOUT);
      Map<String, String> tracing = Map.of("TRACING", "true",
          "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + OTLP_SINK_PORT,
          "OTEL_TRACES_EXPORTER", "otlp", "OTEL_TRACES_SAMPLER", "parentbased_always_on",
          // The SDK's default queue (2,048 spans, sent every 5 s) drops most spans at this rate; a deployment
          // tracing every request sizes it, as here, so that the cost of exporting them all is measured.
          "OTEL_BSP_SCHEDULE_DELAY", "500", "OTEL_BSP_MAX_QUEUE_SIZE", "65536",
          "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2048");
      startAllInOne(Variant.TRACED, allInOne, pgUrl, TRACED_PORT, true, tracing);
      urls.put(Variant.TRACED, "http://127.0.0.1:" + TRACED_PORT + READ_PATH);
    }
    if (variants.contains(Variant.UNCACHED)) {
      urls.put(Variant.UNCACHED, urls.get(Variant.ALL_IN_ONE));
    }
    if (variants.contains(Variant.CLUSTERED)) {
      startClustered(pgUrl);
      urls.put(Variant.CLUSTERED, "http://127.0.0.1:" + CLUSTERED_PORT + READ_PATH);
    }
  }

  private void startAllInOne(String name, Path jar, String pgUrl, int port, boolean metrics) throws Exception {
    startAllInOne(name, jar, pgUrl, port, metrics, Map.of());
  }

  private void startAllInOne(String name, Path jar, String pgUrl, int port, boolean metrics,
      Map<String, String> extra) throws Exception {
    Map<String, String> env = gatewayEnv(pgUrl, port);
    env.put("METRICS_ENABLED", String.valueOf(metrics && !options.sameSettings()));
    env.putAll(extra);
    JavaProcess process = started(jvm(name, env).jar(jar));
    process.awaitHttp("http://127.0.0.1:" + port + "/health/ready", START_TIMEOUT);
  }

  /** One appointments process and one gateway process in a cluster of their own, on loopback. */
  private void startClustered(String pgUrl) throws Exception {
    String cluster = "eventgate-bench-" + ProcessHandle.current().pid();
    String members = "127.0.0.1:15801,127.0.0.1:15802";
    JavaProcess appointments = started(jvm("clustered-appointments",
        Map.of("PG_URL", pgUrl, "CLUSTER_NAME", cluster, "CLUSTER_PORT", "15802", "CLUSTER_MEMBERS", members))
        .jar(jar("appointments-service/target/eventgate-appointments.jar")));
    appointments.awaitOutput("appointments service ready", START_TIMEOUT);
    Map<String, String> env = gatewayEnv(pgUrl, CLUSTERED_PORT);
    env.putAll(Map.of("CLUSTER_NAME", cluster, "CLUSTER_PORT", "15801", "CLUSTER_MEMBERS", members));
    JavaProcess gateway = started(jvm("clustered-gateway", env).jar(jar("gateway/target/eventgate-gateway.jar")));
    gateway.awaitHttp("http://127.0.0.1:" + CLUSTERED_PORT + "/health/ready", START_TIMEOUT);
  }

  private Map<String, String> gatewayEnv(String pgUrl, int port) {
    Map<String, String> env = new HashMap<>();
    env.put("PG_URL", pgUrl);
    env.put("JWT_SECRET", jwtSecret);
    env.put("ADMIN_TOKEN", adminToken);
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("ADMIN_PORT", String.valueOf(port + 1));
    env.put("ACCESS_LOG", "false");
    env.put("DEMO_DATA", "false");
    return env;
  }

  private Settings gatewaySettings() {
    return SettingsLoader.load(new JsonObject().put("JWT_SECRET", jwtSecret));
  }

  /** Before any load: a sample of requests to every server, each answer checked for the right appointment. */
  private int check(Path cached, Path uncached) throws Exception {
    int wrong = 0;
    for (Map.Entry<String, String> server : urls.entrySet()) {
      if (server.getKey().equals(Variant.UNCACHED)) {
        continue;
      }
      wrong += Workload.check(baseUrl(server.getValue()), cached, 40, !server.getKey().equals(Variant.BASELINE));
    }
    if (urls.containsKey(Variant.UNCACHED)) {
      wrong += Workload.check(baseUrl(urls.get(Variant.UNCACHED)), uncached, 20, true);
      nextUncachedLine = 21;
    }
    Log.line("answers checked before the load: %d wrong", wrong);
    return wrong;
  }

  private void measure(Workload workload, Path cached, Path uncached) throws Exception {
    Wrk wrk = new Wrk(options.root().resolve("bench/requests.lua"));
    // Warm-up in two alternated passes: the JIT compiler (a third of the CPU in the first minute) finishes
    // a JVM's queue while the next one is loaded, and every JVM starts the rounds equally compiled.
    for (int pass = 1; pass <= 2; pass++) {
      for (String variant : urls.keySet()) {
        if (!variant.equals(Variant.UNCACHED)) {
          Log.line("warming up %s (pass %d, %d s)", variant, pass, options.warmup() / 2);
          warmupErrors += wrk.run(urls.get(variant), options.connections().get(0), Math.max(1, options.warmup() / 2),
              cached, "random", 1).errors();
        }
      }
    }
    for (int connections : options.connections()) {
      for (int round = 1; round <= options.rounds(); round++) {
        for (String variant : options.variants()) {
          boolean once = variant.equals(Variant.UNCACHED);
          if (once) {
            // A session that has just logged in was used just now: its first request writes no last_used_at.
            workload.refreshUncachedSessions();
          }
          Wrk.Result result = wrk.run(urls.get(variant), connections, options.seconds(), once ? uncached : cached,
              once ? "once" : "random", once ? nextUncachedLine : 1);
          if (once) {
            nextUncachedLine = (int) result.lastLine() + 1;
          }
          report.add(connections, variant, round, result);
          Log.line("%d connections, round %d, %-11s %,9.0f req/s  p99 %6.2f ms  errors %d%s", connections, round,
              variant, result.throughput(), result.p99() / 1000.0, result.errors(),
              result.reused() > 0 ? "  (" + result.reused() + " requests reused a session: raise --uncached-sessions)"
                  : "");
        }
      }
    }
  }

  private String heading(DataSet data) {
    return String.format("## eventgate benchmark, %s%n%n%s%s; %,d appointments, %,d clients; %d round(s) of %d s"
            + " after %d s of warm-up; wrk %d threads; %d cores, Java %s",
        LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), options.smoke() ? "SMOKE run (no speed is judged)"
            : "full run", options.sameSettings() ? " (A/A: metrics OFF in both all-in-one JVMs)" : "",
        data.appointments, data.clients, options.rounds(), options.seconds(), options.warmup(),
        Wrk.THREADS, Settings.cores(), System.getProperty("java.version"));
  }

  /**
   * One JVM of the benchmark: heap capped, GC logged to a file so that a full collection during the run is
   * seen, output in a log file beside it, and only the settings the benchmark gives it (an operator's own
   * EVENT_LOOPS or JWT_ISSUER, or an OTEL_* variable, must not skew one side).
   */
  private JavaProcess.Launch jvm(String name, Map<String, String> env) {
    return JavaProcess.named(name, work)
        .jvmOptions("-Xmx512m", "-Xlog:gc:file=" + gcLog(name) + ":uptime:filecount=0")
        .withoutInherited(SettingsLoader.KEYS)
        .withoutInheritedStartingWith("OTEL_")
        .env(env);
  }

  private Path gcLog(String name) {
    return work.resolve(name + "-gc.log");
  }

  /** Full collections of {@code process} so far, read from its GC log. */
  private long fullGcs(JavaProcess process) throws IOException {
    Path gcLog = gcLog(process.name());
    if (!Files.exists(gcLog)) {
      return 0;
    }
    return Files.readAllLines(gcLog).stream().filter(line -> FULL_GC.matcher(line).find()).count();
  }

  private JavaProcess started(JavaProcess process) {
    processes.add(process);
    return process;
  }

  private Path jar(String relative) {
    Path jar = options.root().resolve(relative);
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build with mvn -B package -DskipTests");
    }
    return jar;
  }

  private static String secret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
