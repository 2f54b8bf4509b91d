package io.eventgate.bench;

import io.eventgate.common.config.Settings;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.session.TokenService;
import io.eventgate.gateway.session.TokenSettings;
import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The requests the load sends, written as files for {@code bench/requests.lua}: one line per request with
 * a token, an appointment id the token's caller may see, a view, and the caller's kind ({@code client},
 * {@code employee} or {@code liaison}: which keys the answer's view has depends on it).
 *
 * <ul>
 *   <li>{@link #cached}: callers that logged in through the gateway (clients, employees, liaisons), each
 *   reading random appointments of their own; sessions are found in the gateway's cache.</li>
 *   <li>{@link #uncached}: one session per line, made directly in the database and signed with the
 *   gateway's secret, so that every request is the first use of its session.</li>
 *   <li>{@link #sessionMix}: the same kind of sessions, fewer, sent in turn again and again: each comes back
 *   every few seconds, as a real user's would.</li>
 * </ul>
 */
final class Workload {

  static final List<String> VIEWS =
      List.of("default", "uss_scheduler_view", "uss_availability_view", "notification_parameters");
  private static final int CLIENT_CALLERS = 8;
  private static final int EMPLOYEE_CALLERS = 4;
  private static final int LIAISON_CALLERS = 4;
  private static final int IDS_PER_CALLER = 5_000;
  private static final int CACHED_LINES = 20_000;
  static final String CLIENT = "client";
  static final String EMPLOYEE = "employee";
  static final String LIAISON = "liaison";

  private final PgSettings pg;
  private final DataSet data;
  private final Random random = new Random(2026);

  Workload(PgSettings pg, DataSet data) {
    this.pg = pg;
    this.data = data;
  }

  /** Logs the callers in through {@code gatewayUrl} and writes random reads of theirs to {@code file}. */
  void cached(String gatewayUrl, Path file) throws Exception {
    List<Caller> callers = new ArrayList<>();
    try (Connection db = connect()) {
      for (int i = 0; i < CLIENT_CALLERS; i++) {
        int client = (int) ((long) i * 7919 % data.clients);
        callers.add(new Caller(DataSet.clientUser(client), CLIENT, ids(db, "SELECT id FROM appointments"
            + " WHERE client_id = " + DataSet.sqlId(DataSet.CLIENT, String.valueOf(client)))));
      }
      for (int e = 0; e < EMPLOYEE_CALLERS; e++) {
        callers.add(new Caller(DataSet.employeeUser(e), EMPLOYEE, ids(db, "SELECT id FROM appointments WHERE business_id ="
            + " (SELECT business_id FROM employees WHERE id = " + DataSet.sqlId(DataSet.EMPLOYEE, String.valueOf(e))
            + ")")));
      }
      for (int l = 0; l < LIAISON_CALLERS; l++) {
        callers.add(new Caller(DataSet.liaisonUser(l), LIAISON, ids(db, "SELECT a.id FROM appointments a"
            + " JOIN liaison_clients lc ON lc.client_id = a.client_id WHERE lc.liaison_id = "
            + DataSet.sqlId(DataSet.LIAISON, String.valueOf(l)))));
      }
    }
    GatewayClient gateway = new GatewayClient(gatewayUrl);
    List<String> tokens = new ArrayList<>();
    for (Caller caller : callers) {
      tokens.add(token(gateway, DataSet.email(caller.user)));
    }
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int n = 0; n < CACHED_LINES; n++) {
        int c = random.nextInt(callers.size());
        List<String> ids = callers.get(c).ids;
        line(out, tokens.get(c), ids.get(random.nextInt(ids.size())), VIEWS.get(random.nextInt(VIEWS.size())),
            callers.get(c).kind);
      }
    }
  }

  /**
   * Logs one caller in. A login hashes the password (slow on purpose) on JVMs that are still compiling on
   * a busy machine, and may time out: it is tried again, three times in all.
   */
  private static String token(GatewayClient gateway, String email) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return gateway.token(email, DataSet.PASSWORD, true);
      } catch (IllegalStateException failed) {
        if (attempt == 3) {
          throw failed;
        }
        Log.line("%s; trying again", failed.getMessage());
        Thread.sleep(2_000);
      }
    }
  }

  /**
   * Makes {@code count} sessions of client users in the database and writes one request for each: session
   * k belongs to client {@code k % clients} and reads one of that client's appointments.
   */
  void uncached(Settings gatewaySettings, int count, Path file) throws Exception {
    sessions(DataSet.SESSION, gatewaySettings, count, file);
  }

  /**
   * Makes {@code count} sessions as {@link #uncached} does (their own ids), for the session mix: the file is
   * sent in order, again and again, so each session comes back after all the others.
   */
  void sessionMix(Settings gatewaySettings, int count, Path file) throws Exception {
    sessions(DataSet.MIX_SESSION, gatewaySettings, count, file);
  }

  private void sessions(String prefix, Settings gatewaySettings, int count, Path file) throws Exception {
    try (Connection db = connect(); Statement sql = db.createStatement()) {
      sql.execute("DELETE FROM sessions WHERE id::text LIKE '" + prefix + "-%'");
      sql.execute("INSERT INTO sessions (id, user_id, remember_me) SELECT " + DataSet.sqlId(prefix, "k")
          + ", " + DataSet.sqlId(DataSet.USER, "k % " + data.clients) + ", true FROM generate_series(0, "
          + (count - 1) + ") k");
      sql.execute("ANALYZE sessions");
    }
    Vertx vertx = Vertx.vertx();
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      TokenService tokens = new TokenService(vertx, TokenSettings.from(gatewaySettings));
      int perClient = data.appointments / data.clients;
      Instant now = Instant.now();
      for (int k = 0; k < count; k++) {
        int client = k % data.clients;
        long appointment = client + (long) data.clients * ((k / data.clients) % perClient);
        String token = tokens.issue(DataSet.id(prefix, k), DataSet.id(DataSet.USER, client), now, true);
        line(out, token, DataSet.id(DataSet.APPOINTMENT, appointment), VIEWS.get(k % VIEWS.size()), CLIENT);
      }
    } finally {
      vertx.close();
    }
  }

  /** Marks the uncached sessions as just used, as after a login (outside the measured time). */
  void refreshUncachedSessions() throws SQLException {
    try (Connection db = connect(); Statement sql = db.createStatement()) {
      sql.execute("UPDATE sessions SET last_used_at = now() WHERE id::text LIKE '" + DataSet.SESSION + "-%'");
    }
  }

  /**
   * How many times PostgreSQL has looked a session up so far, that is, how many session cache misses the
   * gateways have had: of every query a read runs, only the session look-up reads the {@code liaisons}
   * table (to find the caller's liaison record), one scan per execution whatever the plan, so the table's
   * scan count counts the look-ups. PostgreSQL publishes a backend's counts up to half a second late, so
   * the figure is read after a pause.
   */
  long sessionLookups() throws Exception {
    Thread.sleep(1_000);
    try (Connection db = connect(); Statement sql = db.createStatement();
         ResultSet rows = sql.executeQuery("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0)"
             + " FROM pg_stat_user_tables WHERE relname = 'liaisons'")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /**
   * Sends the first lines of {@code file} one by one to the read route of {@code baseUrl} (a gateway, or the
   * baseline, which serves the same path) and checks each answer: a 200 with {@code action-successful} whose
   * data is the appointment asked for. Returns how many were wrong.
   */
  static int check(String baseUrl, Path file, int lines, boolean gateway) throws Exception {
    GatewayClient server = new GatewayClient(baseUrl);
    int wrong = 0;
    List<String> sample = Files.readAllLines(file).subList(0, lines);
    for (String line : sample) {
      String[] fields = line.split("\t");
      Answer answer = server.read(fields[0], fields[1], fields[2]);
      JsonObject body = answer.json();
      JsonObject data = body.getJsonObject("data", new JsonObject());
      String id = gateway ? data.getString("_id") : data.getString("id");
      if (answer.code() != 200 || !"action-successful".equals(body.getString("status"))
          || !fields[1].equals(id)) {
        wrong++;
        Log.line("wrong answer from %s for %s: %d %s", baseUrl, fields[1], answer.code(), body.getString("status"));
      }
    }
    return wrong;
  }

  private List<String> ids(Connection db, String query) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement statement = db.prepareStatement(query + " ORDER BY 1 LIMIT " + IDS_PER_CALLER);
         ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("a bench caller sees no appointment: " + query);
    }
    return ids;
  }

  private static void line(BufferedWriter out, String token, String id, String view, String kind)
      throws IOException {
    out.write(String.join("\t", token, id, view, kind));
    out.write('\n');
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private record Caller(long user, String kind, List<String> ids) {
  }
}
