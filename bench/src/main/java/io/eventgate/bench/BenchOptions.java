package io.eventgate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's command line. {@code --smoke} is the small run CI makes so that the harness cannot rot:
 * little data, short runs, one round; it checks answers, never speed.
 */
record BenchOptions(Path root, boolean smoke, boolean sameSettings, int appointments, List<Integer> connections, int rounds,
                    int seconds, int warmup, int uncachedSessions, int mixSessions, int pgbenchClients,
                    int fixedSeconds, List<String> variants) {

  /** Every variant, in the table's order. The competent baseline is always measured: it is the yardstick. */
  static final List<String> ALL_VARIANTS = List.of(Variant.BASELINE, Variant.BASELINE_AA, Variant.TUNED,
      Variant.PGBENCH, Variant.ALL_IN_ONE, Variant.SAMPLED, Variant.ACCESS_LOG_OFF, Variant.METRICS_OFF,
      Variant.TRACED, Variant.UNCACHED, Variant.SESSION_MIX, Variant.CLUSTERED, Variant.CLUSTERED_TLS);

  static final String USAGE = """
      bench/run.sh [--smoke] [--aa] [--appointments N] [--connections 64[,256..]] [--rounds N] [--seconds N]
                   [--warmup N] [--uncached-sessions N] [--mix-sessions N] [--pgbench-clients N]
                   [--fixed-seconds N] [--variants baseline,baseline-aa,tuned-baseline,pgbench,all-in-one,
                   all-in-one-sampled,access-log-off,metrics-off,traced,uncached,session-mix,clustered,
                   clustered-tls]
      --aa: an A/A run of the gateway, metrics off in the all-in-one JVMs, to see how far two JVMs of the same
      jar drift apart (the baseline-aa row is the A/A pair of every run).
      --fixed-seconds 0 skips the fixed-rate latencies.
      PG_URL=postgresql://... uses that database instead of an embedded one (the data set is added to it).""";

  static BenchOptions parse(String[] args) {
    Path root = Path.of(".");
    boolean smoke = Arrays.asList(args).contains("--smoke");
    boolean sameSettings = Arrays.asList(args).contains("--aa");
    int appointments = smoke ? 2_000 : 100_000;
    List<Integer> connections = List.of(smoke ? 16 : 64);
    int rounds = smoke ? 1 : 5;
    int seconds = smoke ? 3 : 10;
    int warmup = smoke ? 4 : 60;
    int uncachedSessions = 0;
    // 20,000 sessions at the 5,000-10,000 req/s this machine serves: each comes back every 2-4 s.
    int mixSessions = smoke ? 500 : 20_000;
    // The figure: pgbench's best on two cores is at about 16 clients, not at 64.
    int pgbenchClients = 16;
    int fixedSeconds = smoke ? 1 : 10;
    // Each pipelined connection is one PostgreSQL backend, so at most one core of the database: two let it
    // use both cores of this machine. (1, 2 and 4 could not be told apart in a short check.)
    List<String> variants = ALL_VARIANTS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--smoke") || arg.equals("--aa")) {
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg + "\n" + USAGE);
      }
      String value = args[++i];
      switch (arg) {
        case "--root" -> root = Path.of(value);
        case "--appointments" -> appointments = Integer.parseInt(value);
        case "--connections" -> connections = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--seconds" -> seconds = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--uncached-sessions" -> uncachedSessions = Integer.parseInt(value);
        case "--mix-sessions" -> mixSessions = Integer.parseInt(value);
        case "--pgbench-clients" -> pgbenchClients = Integer.parseInt(value);
        case "--fixed-seconds" -> fixedSeconds = Integer.parseInt(value);
        case "--variants" -> {
          variants = new ArrayList<>(List.of(value.split(",")));
          if (!ALL_VARIANTS.containsAll(variants)) {
            throw new IllegalArgumentException("unknown variant in " + value + "\n" + USAGE);
          }
          if (!variants.contains(Variant.BASELINE)) {
            variants.add(0, Variant.BASELINE);
          }
          List<String> chosen = variants;
          variants = new ArrayList<>(ALL_VARIANTS.stream().filter(chosen::contains).toList());
        }
        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    if (appointments < 100 || appointments % 10 != 0 || appointments > 5_000_000) {
      throw new IllegalArgumentException("--appointments must be a multiple of 10, from 100 to 5,000,000");
    }
    if (rounds < 1 || seconds < 1 || warmup < 2 || (uncachedSessions != 0 && uncachedSessions < 100)
        || mixSessions < 100 || pgbenchClients < 1 || fixedSeconds < 0
        || connections.stream().anyMatch(c -> c < Wrk.THREADS)) {
      throw new IllegalArgumentException("--rounds and --seconds must be at least 1, --warmup 2, --uncached-sessions"
          + " and --mix-sessions 100, --pgbench-clients 1, --fixed-seconds 0, and every connection count at least "
          + Wrk.THREADS + "\n" + USAGE);
    }
    if (variants.stream().noneMatch(Variant::isGateway)) {
      throw new IllegalArgumentException("--variants must name at least one gateway variant\n" + USAGE);
    }
    if (uncachedSessions == 0) {
      // Enough for 10,000 requests a second through every uncached run, more than this machine serves.
      uncachedSessions = rounds * connections.size() * seconds * 10_000;
    }
    return new BenchOptions(root.toAbsolutePath().normalize(), smoke, sameSettings, appointments, connections, rounds, seconds,
        warmup, uncachedSessions, mixSessions, pgbenchClients, fixedSeconds, List.copyOf(variants));
  }

  DataSet dataSet() {
    return new DataSet(appointments, appointments / 10);
  }
}
