package io.eventgate.bench;

import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own limit for the read: pgbench running the read's SQL (the appointments service's constant)
 * alone, as prepared statements, on the same database in the same run. No HTTP, no JSON, no Java: what
 * any server built on this database can at most serve.
 *
 * <p>The parameters: a random appointment of the whole data set (the HTTP load reads its callers' ones;
 * every row is in PostgreSQL's buffers either way) and a null liaison, passed as a parameter as the
 * services pass theirs, and the read connections' planner setting, so the plan PostgreSQL picks is the one it
 * picks for them.
 */
final class Pgbench {

  private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private final PgSettings pg;
  private final Path script;

  private Pgbench(PgSettings pg, Path script) {
    this.pg = pg;
    this.script = script;
  }

  static boolean installed() {
    try {
      return new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Writes the script for {@code data} into {@code work}. */
  static Pgbench prepare(PgSettings pg, DataSet data, Path work) throws IOException {
    String id = "('" + DataSet.APPOINTMENT + "-0000-4000-8000-' || lpad(to_hex(:n::bigint), 12, '0'))::uuid";
    String noLiaison = "(CASE WHEN :z::int = 1 THEN '" + DataSet.id(DataSet.LIAISON, 0) + "' END)::uuid";
    String read = BaselineServer.READ.replace("$1", id).replace("$2::uuid", noLiaison).replace("$2", noLiaison);
    Path script = work.resolve("pgbench-read.sql");
    Files.writeString(script, String.join("\n",
        "\\set n random(0, " + (data.appointments - 1) + ")",
        "\\set z 0",
        read + ";", ""));
    return new Pgbench(pg, script);
  }

  /** {@code clients} connections for {@code seconds}; one pgbench thread, as wrk runs one. */
  Wrk.Result run(int clients, int seconds) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of("pgbench", "-n", "-M", "prepared", "-c",
        String.valueOf(clients), "-j", "1", "-T", String.valueOf(seconds), "-f", script.toString(),
        "-h", pg.host(), "-p", String.valueOf(pg.port()), "-U", pg.user(), pg.database()));
    builder.environment().put("PGPASSWORD", pg.password());
    // The planner setting of the services' read connections, so pgbench runs the plan they run.
    builder.environment().put("PGOPTIONS", "-c random_page_cost=" + Database.READ_RANDOM_PAGE_COST);
    builder.redirectErrorStream(true);
    Process pgbench = builder.start();
    String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = pgbench.waitFor();
    Matcher processed = PROCESSED.matcher(output);
    Matcher tps = TPS.matcher(output);
    if (!processed.find() || !tps.find()) {
      throw new IOException("pgbench printed no result (exit " + exit + "): " + output);
    }
    long transactions = Long.parseLong(processed.group(1));
    double rate = Double.parseDouble(tps.group(1));
    Matcher failed = FAILED.matcher(output);
    long failures = (failed.find() ? Long.parseLong(failed.group(1)) : 0) + (exit == 0 ? 0 : 1);
    return new Wrk.Result(transactions, rate > 0 ? transactions / rate : seconds, -1, -1, -1, 0, failures, 0, 0, 0);
  }
}
