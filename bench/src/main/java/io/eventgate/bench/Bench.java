package io.eventgate.bench;

import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.eventgate.testkit.ClusterCertificates;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.JavaProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
  private static final int ACCESS_LOG_OFF_PORT = 18092;
  private static final int BASELINE_AA_PORT = 18094;
  private static final int TUNED_PORT = 18096;
  private static final int SESSIONS_PORT = 18098;
  private static final int SESSION_MIX_PORT = 18100;
  private static final int SAMPLED_PORT = 18102;
  private static final int CLUSTERED_TLS_PORT = 18104;
  /**
   * The competent baseline's pool per verticle: 4 is slower, 8 and 16 alike (measured for the first
   * baseline). The tuned one reads as the all-in-one's appointments service does: one pipelined connection
   * per verticle.
   */
  private static final int BASELINE_CONNECTIONS = 8;
  /** The baselines' event loops: those of the all-in-one (see {@link #startBaseline}). */
  private static final int BASELINE_LOOPS = Math.max(1, Settings.cores() / 2);
  /** Answers a second checked beside wrk in every round: enough to catch a wrong one, too few to weigh. */
  private static final int SAMPLES_PER_SECOND = 50;
  /** The fixed rates, as shares of the competent baseline's maximum throughput. */
  private static final int[] FIXED_RATE_PERCENTS = {25, 50, 75, 90};
  /**
   * Passes at each fixed rate, the baseline and the all-in-one taking turns: with one pass, a stall of this
   * shared machine during one server's seconds decided the p99 verdict (1.02× in one run, 1.66× the next).
   */
  private static final int FIXED_RATE_PASSES = 3;
  private static final String READ_PATH = GatewayClient.READ;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern FULL_GC = Pattern.compile("Pause Full");

  private final BenchOptions options;
  private final Path work;
  private final Map<String, String> urls = new LinkedHashMap<>();
  /** The JVMs that serve each variant, whose CPU its rounds count. */
  private final Map<String, List<JavaProcess>> servers = new HashMap<>();
  /** Processes started but not yet waited for: JVMs start side by side, the run begins when all serve. */
  private final List<Callable<?>> starting = new ArrayList<>();
  private final List<JavaProcess> processes = new ArrayList<>();
  private final Report report;
  private final String jwtSecret = secret();
  private final String adminToken = secret();
  private int nextUncachedLine = 1;
  /** When the all-in-one with the shipped defaults was under load: the spans its samples are read from. */
  private final List<CpuProfile.Window> sampledWindows = new ArrayList<>();
  private long warmupErrors;

  private Bench(BenchOptions options) throws Exception {
    this.options = options;
    this.report = new Report(!options.smoke(), options.mixSessions());
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
    for (int port : new int[] {BASELINE_PORT, BASELINE_AA_PORT, TUNED_PORT, ALL_IN_ONE_PORT, METRICS_OFF_PORT,
        ACCESS_LOG_OFF_PORT, CLUSTERED_PORT, TRACED_PORT, OTLP_SINK_PORT, SESSIONS_PORT, SESSION_MIX_PORT,
        SAMPLED_PORT, CLUSTERED_TLS_PORT}) {
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
        Path mix = work.resolve("session-mix-requests.tsv");
        workload.cached(loginUrl(), cached);
        if (options.variants().contains(Variant.UNCACHED)) {
          workload.uncached(gatewaySettings(), options.uncachedSessions(), uncached);
        }
        if (options.variants().contains(Variant.SESSION_MIX)) {
          workload.sessionMix(gatewaySettings(), options.mixSessions(), mix);
        }
        int wrong = check(cached, uncached);
        Pgbench pgbench = null;
        if (options.variants().contains(Variant.PGBENCH)) {
          if (Pgbench.installed()) {
            pgbench = Pgbench.prepare(db.pg, data, work);
          } else {
            report.note("pgbench is not installed (Debian: postgresql-client): its row is left out");
          }
        }
        try (FixedRate sampler = new FixedRate(options.connections().get(0))) {
          measure(workload, db, pgbench, sampler, AnswerCheck.lines(Files.readAllLines(cached)), cached, uncached,
              mix);
          profileSampled();
          fixedRates(sampler, AnswerCheck.lines(Files.readAllLines(cached)));
        }
        for (JavaProcess process : processes) {
          if (!process.name().startsWith(Variant.BASELINE) && !process.name().equals(Variant.TUNED)) {
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
    for (Map.Entry<String, String> server : urls.entrySet()) {
      if (Variant.isGateway(server.getKey())) {
        return baseUrl(server.getValue());
      }
    }
    throw new IllegalStateException("no gateway was started");
  }

  /** Starts every process the chosen variants need; each waits until it serves. */
  private void start(BenchDatabase db) throws Exception {
    String pgUrl = db.pg.url();
    List<String> variants = options.variants();
    Path benchJar = jar("bench/target/eventgate-bench.jar");
    startBaseline(Variant.BASELINE, BASELINE_PORT, benchJar, pgUrl, BASELINE_CONNECTIONS, BASELINE_LOOPS, "pool");
    if (variants.contains(Variant.BASELINE_AA)) {
      startBaseline(Variant.BASELINE_AA, BASELINE_AA_PORT, benchJar, pgUrl, BASELINE_CONNECTIONS, BASELINE_LOOPS,
          "pool");
    }
    if (variants.contains(Variant.TUNED)) {
      startBaseline(Variant.TUNED, TUNED_PORT, benchJar, pgUrl, 1, BASELINE_LOOPS, "pipelined");
    }

    Path allInOne = jar("app/target/eventgate-all-in-one.jar");
    if (variants.contains(Variant.ALL_IN_ONE) || variants.stream().anyMatch(Variant.ON_ALL_IN_ONE::contains)) {
      startAllInOne(Variant.ALL_IN_ONE, allInOne, pgUrl, ALL_IN_ONE_PORT, Map.of());
    }
    // The first gateway migrates the schema and seeds the registry; the others start on a database that has
    // both, so they may start together.
    awaitStarted();
    if (variants.contains(Variant.ACCESS_LOG_OFF)) {
      startAllInOne(Variant.ACCESS_LOG_OFF, allInOne, pgUrl, ACCESS_LOG_OFF_PORT, Map.of("ACCESS_LOG", "false"));
    }
    if (variants.contains(Variant.SAMPLED)) {
      startAllInOne(Variant.SAMPLED, allInOne, pgUrl, SAMPLED_PORT, Map.of());
    }
    if (variants.contains(Variant.METRICS_OFF)) {
      startAllInOne(Variant.METRICS_OFF, allInOne, pgUrl, METRICS_OFF_PORT, Map.of("METRICS_ENABLED", "false"));
    }
    if (variants.contains(Variant.SESSION_MIX)) {
      startAllInOne(Variant.SESSION_MIX, allInOne, pgUrl, SESSION_MIX_PORT, Map.of());
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
      startAllInOne(Variant.TRACED, allInOne, pgUrl, TRACED_PORT, tracing);
    }
    if (variants.stream().anyMatch(Variant.ON_ALL_IN_ONE::contains)) {
      startAllInOne(Variant.SESSIONS_JVM, allInOne, pgUrl, SESSIONS_PORT, Map.of());
      for (String variant : Variant.ON_ALL_IN_ONE) {
        if (variants.contains(variant)) {
          urls.put(variant, urls.get(Variant.SESSIONS_JVM));
          servers.put(variant, servers.get(Variant.SESSIONS_JVM));
        }
      }
    }
    if (variants.contains(Variant.CLUSTERED)) {
      startClustered(Variant.CLUSTERED, pgUrl, CLUSTERED_PORT, 15801, Map.of(), Map.of());
    }
    if (variants.contains(Variant.CLUSTERED_TLS)) {
      // Made afresh each run, the way an operator makes them: one key and certificate per process.
      Path dir = work.resolve("certs");
      deleteRecursively(dir);
      ClusterCertificates certs = ClusterCertificates.make(options.root(), dir, "appointments", "gateway");
      String callerKey = secret();
      startClustered(Variant.CLUSTERED_TLS, pgUrl, CLUSTERED_TLS_PORT, 15811,
          closed(certs.settings("appointments"), callerKey), closed(certs.settings("gateway"), callerKey));
    }
    awaitStarted();
  }

  private void awaitStarted() throws Exception {
    for (Callable<?> ready : starting) {
      ready.call();
    }
    starting.clear();
  }

  /**
   * A baseline JVM. Event loops: half the cores, at least one, as the all-in-one runs; on this two-core
   * machine one loop served about 7% more than two (PostgreSQL and wrk need the other core), so it is
   * also the better of the two for the baseline itself.
   */
  private void startBaseline(String name, int port, Path benchJar, String pgUrl, int connections, int loops,
      String mode) throws Exception {
    JavaProcess baseline = started(jvm(name, Map.of()).args(List.of("-cp", benchJar.toString(),
        BaselineServer.class.getName(), String.valueOf(port), pgUrl, String.valueOf(connections),
        String.valueOf(loops), mode)));
    starting.add(() -> {
      baseline.awaitOutput("baseline listening", START_TIMEOUT);
      return null;
    });
    serves(name, port, List.of(baseline));
  }

  private void serves(String variant, int port, List<JavaProcess> jvms) {
    urls.put(variant, "http://127.0.0.1:" + port + READ_PATH);
    servers.put(variant, jvms);
  }

  /** The all-in-one with the shipped defaults, but for {@code changed}. */
  private void startAllInOne(String name, Path jar, String pgUrl, int port, Map<String, String> changed)
      throws Exception {
    Map<String, String> env = gatewayEnv(pgUrl, port);
    if (options.sameSettings()) {
      env.put("METRICS_ENABLED", "false");
    }
    env.putAll(changed);
    JavaProcess.Launch launch = jvm(name, env);
    if (name.equals(Variant.SAMPLED)) {
      // Only this JVM samples itself (what the features cost is read from it): ten samplers running in the
      // idle JVMs took about 5% of the machine from whichever row was being measured.
      launch.jvmOptions(CpuProfile.jvmOptions(work).toArray(String[]::new));
    }
    JavaProcess process = started(launch.jar(jar));
    starting.add(() -> {
      process.awaitHttp("http://127.0.0.1:" + port + "/health/ready", START_TIMEOUT);
      return null;
    });
    serves(name, port, List.of(process));
  }

  /**
   * One appointments process and one gateway process in a cluster of their own, on loopback, their Hazelcast
   * ports {@code clusterPort} and the next; {@code appointmentsTls} and {@code gatewayTls} are their event-bus
   * TLS settings (none: TLS off, the shipped default).
   */
  private void startClustered(String variant, String pgUrl, int httpPort, int clusterPort,
      Map<String, String> appointmentsTls, Map<String, String> gatewayTls) throws Exception {
    String cluster = "eventgate-bench-" + variant + "-" + ProcessHandle.current().pid();
    String members = "127.0.0.1:" + clusterPort + ",127.0.0.1:" + (clusterPort + 1);
    Map<String, String> appointmentsEnv = new HashMap<>(Map.of("PG_URL", pgUrl, "CLUSTER_NAME", cluster,
        "CLUSTER_PORT", String.valueOf(clusterPort + 1), "CLUSTER_MEMBERS", members));
    appointmentsEnv.putAll(appointmentsTls);
    JavaProcess appointments = started(jvm(variant + "-appointments", appointmentsEnv)
        .jar(jar("appointments-service/target/eventgate-appointments.jar")));
    appointments.awaitOutput("appointments service ready", START_TIMEOUT);
    Map<String, String> env = gatewayEnv(pgUrl, httpPort);
    env.putAll(Map.of("CLUSTER_NAME", cluster, "CLUSTER_PORT", String.valueOf(clusterPort),
        "CLUSTER_MEMBERS", members));
    env.putAll(gatewayTls);
    JavaProcess gateway = started(jvm(variant + "-gateway", env).jar(jar("gateway/target/eventgate-gateway.jar")));
    gateway.awaitHttp("http://127.0.0.1:" + httpPort + "/health/ready", START_TIMEOUT);
    serves(variant, httpPort, List.of(gateway, appointments));
  }

  /** A process's TLS settings with the cluster's caller key beside them. */
  private static Map<String, String> closed(Map<String, String> tls, String callerKey) {
    Map<String, String> settings = new HashMap<>(tls);
    settings.put("CALLER_KEY", callerKey);
    return settings;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private Map<String, String> gatewayEnv(String pgUrl, int port) {
    Map<String, String> env = new HashMap<>();
    env.put("PG_URL", pgUrl);
    env.put("JWT_SECRET", jwtSecret);
    env.put("ADMIN_TOKEN", adminToken);
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("ADMIN_PORT", String.valueOf(port + 1));
    // Nothing else: the gateways run with the shipped defaults (access log and metrics on, tracing off).
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
      if (Variant.ON_ALL_IN_ONE.contains(server.getKey())) {
        continue;
      }
      wrong += Workload.check(baseUrl(server.getValue()), cached, 40, Variant.isGateway(server.getKey()));
    }
    if (urls.containsKey(Variant.UNCACHED)) {
      wrong += Workload.check(baseUrl(urls.get(Variant.UNCACHED)), uncached, 20, true);
      nextUncachedLine = 21;
    }
    Log.line("answers checked before the load: %d wrong", wrong);
    return wrong;
  }

  private void measure(Workload workload, BenchDatabase db, Pgbench pgbench, FixedRate sampler,
      List<AnswerCheck.Line> sample, Path cached, Path uncached, Path mix) throws Exception {
    Wrk wrk = new Wrk(options.root().resolve("bench/requests.lua"));
    // Warm-up in two alternated passes: the JIT compiler (a third of the CPU in the first minute) finishes
    // a JVM's queue while the next one is loaded, and every JVM starts the rounds equally compiled. A smoke
    // run judges no speed: one pass.
    int passes = options.smoke() ? 1 : 2;
    for (int pass = 1; pass <= passes; pass++) {
      for (String variant : urls.keySet()) {
        // The session mix's JVM is warmed through the mix itself, so that its first round finds the sessions
        // cached as every later one does (each comes back within seconds); the uncached requests are warmed
        // by nothing, as each may be sent once.
        boolean mixed = variant.equals(Variant.SESSION_MIX);
        if (mixed || !Variant.ON_ALL_IN_ONE.contains(variant)) {
          Log.line("warming up %s (pass %d, %d s)", variant, pass, options.warmup() / passes);
          warmupErrors += wrk.run(urls.get(variant), options.connections().get(0), Math.max(1, options.warmup() / passes),
              mixed ? mix : cached, mixed ? "cycle" : "random", 1).errors();
        }
      }
    }
    List<String> variants = options.variants().stream()
        .filter(v -> urls.containsKey(v) || v.equals(Variant.PGBENCH) && pgbench != null)
        .filter(v -> !Variant.MIX_PHASE.contains(v)).toList();
    for (int connections : options.connections()) {
      for (int round = 1; round <= options.rounds(); round++) {
        // Each round starts one variant later: no variant always follows the same one, or runs first.
        List<String> order = new ArrayList<>(variants);
        Collections.rotate(order, -((round - 1) % order.size()));
        for (String variant : order) {
          record(measureOne(variant, connections, round, wrk, workload, db, pgbench, sampler, sample, cached,
              uncached, mix));
        }
      }
      if (urls.containsKey(Variant.SESSION_MIX)) {
        // The mix runs on, in turns with the all-in-one it is judged against (Variant.MIX_PHASE): first long
        // enough for the sessions whose copies expired while it waited to be loaded again, then in pairs,
        // each pair starting with the other one.
        Log.line("session mix: %d s to bring back the sessions its JVM dropped while it waited", options.seconds());
        warmupErrors += wrk.run(urls.get(Variant.SESSION_MIX), connections, options.seconds(), mix, "cycle", 1)
            .errors();
        List<String> pair = new ArrayList<>(List.of(Variant.MIX_REFERENCE, Variant.SESSION_MIX));
        if (!urls.containsKey(Variant.ALL_IN_ONE)) {
          pair.remove(Variant.MIX_REFERENCE);
        }
        for (int round = 1; round <= options.rounds(); round++) {
          for (String variant : pair) {
            record(measureOne(variant, connections, round, wrk, workload, db, pgbench, sampler, sample, cached,
                uncached, mix));
          }
          Collections.reverse(pair);
        }
      }
    }
  }

  private void record(Report.Measurement m) {
    report.add(m);
    Wrk.Result result = m.result();
    Log.line("%d connections, round %d, %-14s %,9.0f req/s  p99 %s  µs/req: JVM %.0f, PostgreSQL %.0f,"
            + " machine %.0f  errors %d%s%s", m.connections(), m.round(), m.variant(), result.throughput(),
        result.p99() < 0 ? "     —   " : String.format("%6.2f ms", result.p99() / 1000.0), m.cpu().jvm(),
        m.cpu().postgres(), m.cpu().machine(), m.errors(),
        Double.isNaN(m.sessionHitRate()) ? "" : String.format("  session hits %.1f%%", m.sessionHitRate() * 100),
        result.reused() > 0 ? "  (" + result.reused() + " requests reused a session: raise --uncached-sessions)"
            : "");
  }

  /** One variant, one round: the load, answers sampled beside it, and the CPU every process spent on it. */
  private Report.Measurement measureOne(String variant, int connections, int round, Wrk wrk, Workload workload,
      BenchDatabase db, Pgbench pgbench, FixedRate sampler, List<AnswerCheck.Line> sample, Path cached,
      Path uncached, Path mix) throws Exception {
    boolean once = variant.equals(Variant.UNCACHED);
    boolean cycle = variant.equals(Variant.SESSION_MIX);
    if (once) {
      // A session that has just logged in was used just now: its first request writes no last_used_at.
      workload.refreshUncachedSessions();
    }
    long lookupsBefore = cycle ? workload.sessionLookups() : 0;
    CpuSnapshot before = cpu(variant, db);
    Wrk.Result result;
    FixedRate.Result sampled = null;
    if (variant.equals(Variant.PGBENCH)) {
      result = pgbench.run(options.pgbenchClients(), options.seconds());
    } else {
      var sampling = sampler.start(urls.get(Variant.server(variant)), sample, SAMPLES_PER_SECOND, options.seconds(),
          Variant.isGateway(variant), round);
      Instant start = Instant.now();
      result = wrk.run(urls.get(Variant.server(variant)), connections, options.seconds(), once ? uncached : cycle ? mix : cached,
          once ? "once" : cycle ? "cycle" : "random", once ? nextUncachedLine : 1);
      if (variant.equals(Variant.SAMPLED)) {
        sampledWindows.add(new CpuProfile.Window(start, Instant.now()));
      }
      sampled = sampling.toCompletionStage().toCompletableFuture().get();
    }
    CpuSnapshot after = cpu(variant, db);
    if (once) {
      nextUncachedLine = (int) result.lastLine() + 1;
    }
    long requests = result.requests() + (sampled == null ? 0 : sampled.answered());
    double hitRate = Double.NaN;
    if (cycle) {
      long lookups = workload.sessionLookups() - lookupsBefore;
      hitRate = requests == 0 ? Double.NaN : Math.max(0, 1 - (double) lookups / requests);
    }
    return new Report.Measurement(connections, variant, round, result, after.perRequest(before, requests),
        sampled == null ? 0 : sampled.answered(), sampled == null ? 0 : sampled.errors(), hitRate);
  }

  /** The shares of the sampling all-in-one's CPU that the access log, metrics and tracing took in its rounds. */
  private void profileSampled() throws Exception {
    if (sampledWindows.isEmpty()) {
      return;
    }
    long pid = servers.get(Variant.SAMPLED).get(0).handle().pid();
    var recording = CpuProfile.dump(pid, work.resolve(Variant.SAMPLED + ".jfr"));
    if (recording.isEmpty()) {
      report.note("no execution samples (jcmd is missing: a JRE, not a JDK): the access log's, the metrics' and"
          + " tracing's CPU shares are left out");
      return;
    }
    CpuProfile.Shares shares = CpuProfile.read(recording.get(), sampledWindows);
    report.shares(shares);
    Log.line("sampled all-in-one's execution samples under load: %,d; access log %.1f%%, metrics %.1f%%, tracing %.1f%%",
        shares.samples(), shares.accessLogShare() * 100, shares.metricsShare() * 100, shares.tracingShare() * 100);
  }

  /** CPU ticks so far: finished children (wrk, pgbench), the variant's JVMs, PostgreSQL, the machine. */
  private record CpuSnapshot(long load, long jvm, long postgres, long machine, boolean jvmKnown, boolean pgKnown) {

    Report.Cpu perRequest(CpuSnapshot before, long requests) {
      double scale = requests == 0 ? Double.NaN : (double) ProcCpu.TICK_MICROS / requests;
      boolean proc = ProcCpu.available();
      return new Report.Cpu(proc ? (load - before.load) * scale : Double.NaN,
          proc && jvmKnown ? (jvm - before.jvm) * scale : Double.NaN,
          proc && pgKnown ? (postgres - before.postgres) * scale : Double.NaN,
          proc ? (machine - before.machine) * scale : Double.NaN);
    }
  }

  private CpuSnapshot cpu(String variant, BenchDatabase db) {
    List<JavaProcess> jvms = servers.getOrDefault(Variant.server(variant), List.of());
    long jvm = 0;
    for (JavaProcess process : jvms) {
      jvm += ProcCpu.process(process.handle().pid(), false).orElse(0);
    }
    var postgres = ProcCpu.postgres(db.pg.port());
    return new CpuSnapshot(ProcCpu.finishedChildren(), jvm, postgres.orElse(0), ProcCpu.machine(), !jvms.isEmpty(),
        postgres.isPresent());
  }

  /**
   * Latency at fixed rates, a share of the competent baseline's measured maximum each, for the baseline and
   * the all-in-one (shipped defaults) in turn; every answer checked. Writes the curves as an SVG beside the
   * report.
   */
  private void fixedRates(FixedRate driver, List<AnswerCheck.Line> lines) throws Exception {
    if (options.fixedSeconds() == 0 || !urls.containsKey(Variant.ALL_IN_ONE)) {
      report.note("fixed-rate latencies skipped (--fixed-seconds 0, or no all-in-one in --variants)");
      return;
    }
    double maximum = report.medianThroughput(Variant.BASELINE);
    int passes = options.smoke() ? 1 : FIXED_RATE_PASSES;
    for (int percent : FIXED_RATE_PERCENTS) {
      double rate = maximum * percent / 100;
      for (int pass = 1; pass <= passes; pass++) {
        for (String server : List.of(Variant.BASELINE, Variant.ALL_IN_ONE)) {
          FixedRate.Result result = driver.run(urls.get(server), lines, rate, options.fixedSeconds(),
              Variant.isGateway(server), percent * 100L + pass);
          report.latency(percent, server, result);
          Log.line("fixed rate %d%% (%,.0f req/s), pass %d, %-10s achieved %,.0f req/s  p50 %.2f ms  p99 %.2f ms"
                  + "  p99.9 %.2f ms  max %.2f ms  errors %d", percent, rate, pass, server, result.achieved(),
              result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(99.9),
              result.maxMillis(), result.errors());
        }
      }
    }
    Path plot = work.resolve("fixed-rate-latency.svg");
    LatencyPlot.write(plot, report.latencies(), List.of(Variant.BASELINE, Variant.ALL_IN_ONE));
    Log.line("fixed-rate latency curves written to %s", plot);
  }

  private String heading(DataSet data) {
    return String.format("## eventgate benchmark, %s%n%n%s%s; %,d appointments, %,d clients; %d rotated round(s)"
            + " of %d s after %d s of warm-up per JVM; wrk -t%d with pre-rendered requests; pgbench %d clients;"
            + " session mix %,d sessions; fixed rates %d s each; %d cores, Java %s. CPU per request from /proc"
            + " (wrk or pgbench; the variant's JVMs; PostgreSQL's postmaster and backends; the whole machine).",
        LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), options.smoke() ? "SMOKE run (no speed is judged)"
            : "full run", options.sameSettings() ? " (A/A: metrics OFF in the all-in-one JVMs)" : "",
        data.appointments, data.clients, options.rounds(), options.seconds(), options.warmup(),
        Wrk.THREADS, options.pgbenchClients(), options.mixSessions(), options.fixedSeconds(), Settings.cores(),
        System.getProperty("java.version"));
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
