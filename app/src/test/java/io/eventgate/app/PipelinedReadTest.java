package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.appointments.AppointmentStore;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The appointments read's database side: the pipelined client ({@link Database#pipelinedClient}) against the real
 * PostgreSQL, and the plan PostgreSQL settles on for {@link AppointmentStore#READ}.
 */
@ExtendWith(VertxExtension.class)
class PipelinedReadTest {

  private static final PgSettings PG = TestSystem.get().pg();

  @Test
  void manyQueriesInFlightShareOneConnectionAndALostOneIsReplaced(Vertx vertx) {
    SqlClient client = Database.pipelinedClient(vertx, PG);
    Pool pool = Database.pool(vertx, PG, 1);
    try {
      List<Future<RowSet<Row>>> answers = IntStream.range(0, 500)
          .mapToObj(i -> client.preparedQuery("SELECT $1::int AS n, pg_backend_pid() AS pid").execute(Tuple.of(i)))
          .toList();
      Future.all(answers).await();
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).result().iterator().next().getInteger("n")).isEqualTo(i);
      }
      Set<Integer> pids = answers.stream().map(a -> a.result().iterator().next().getInteger("pid"))
          .collect(Collectors.toSet());
      assertThat(pids).hasSize(1);
      int pid = pids.iterator().next();
      assertThat(client.query("SHOW random_page_cost").execute().await().iterator().next().getString(0))
          .isEqualTo("1.1");

      pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(pid)).await();
      Integer replaced = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (replaced == null && System.nanoTime() < deadline) {
        // The first query may still meet the closing connection; a later one opens a new connection.
        replaced = client.query("SELECT pg_backend_pid()").execute()
            .map(rows -> rows.iterator().next().getInteger(0))
            .otherwise((Integer) null)
            .await();
      }
      assertThat(replaced).isNotNull().isNotEqualTo(pid);
    } finally {
      client.close().await();
      pool.close().await();
    }
  }

  /** The store reads READ's rows by position: its column constants must name READ's columns in their order. */
  @Test
  void readColumnsAreReadsColumnsInOrder(Vertx vertx) {
    SqlClient client = Database.pipelinedClient(vertx, PG);
    try {
      RowSet<Row> rows = client.preparedQuery(AppointmentStore.READ)
          .execute(Tuple.of(UUID.fromString(TestSystem.APPOINTMENT_1), (UUID) null)).await();
      assertThat(rows.size()).isOne();
      assertThat(rows.columnsNames()).containsExactly(Arrays.stream(AppointmentStore.ReadColumn.values())
          .map(column -> column.name().toLowerCase(Locale.ROOT)).toArray(String[]::new));
      for (AppointmentStore.ReadColumn column : AppointmentStore.ReadColumn.values()) {
        assertThat(rows.columnsNames().get(column.index())).isEqualToIgnoringCase(column.name());
      }
    } finally {
      client.close().await();
    }
  }

  /**
   * On a database shaped like a real one (enough rows that an index pays; the demo data's tables are a page each,
   * where a sequential scan is right), the generic plan a prepared read settles on probes primary keys only, and
   * skips the liaison link's index probe for a caller without a liaison record.
   */
  @Test
  void theReadsGenericPlanIsPrimaryKeyProbes(Vertx vertx) throws Exception {
    String name = "read_plan_" + UUID.randomUUID().toString().replace("-", "");
    Pool admin = Database.pool(vertx, PG, 1);
    admin.query("CREATE DATABASE " + name).execute().await();
    PgSettings pg = new PgSettings(PG.host(), PG.port(), name, PG.user(), PG.password());
    SqlClient client = null;
    try {
      vertx.executeBlocking(() -> Migrations.migrate(pg)).await();
      Pool loader = Database.pool(vertx, pg, 1);
      try {
        for (String statement : DATA) {
          loader.query(statement).execute().await();
        }
      } finally {
        loader.close().await();
      }
      client = Database.pipelinedClient(vertx, pg);
      client.query("SET plan_cache_mode = force_generic_plan").execute().await();
      client.query("PREPARE read(uuid, uuid) AS " + AppointmentStore.READ).execute().await();

      JsonObject client0 = plan(client, "NULL");
      assertThat(nodes(client0)).doesNotContain("Seq Scan", "Hash Join", "Merge Join")
          .contains("Index Scan on appointments_pkey", "Index Scan on clients_pkey", "Index Scan on employees_pkey");
      assertThat(liaisonProbe(client0).getInteger("Actual Loops")).isZero();

      JsonObject liaison = plan(client, "md5('l' || 0)::uuid");
      assertThat(nodes(liaison)).doesNotContain("Seq Scan", "Hash Join", "Merge Join");
      assertThat(liaisonProbe(liaison).getString("Node Type")).startsWith("Index");
      assertThat(liaisonProbe(liaison).getInteger("Actual Loops")).isEqualTo(1);
    } finally {
      if (client != null) {
        client.close().await();
      }
      admin.query("DROP DATABASE " + name + " WITH (FORCE)").execute().await();
      admin.close().await();
    }
  }

  /** 10 businesses, 100 employees, 2,000 clients, 20 liaisons with 10 clients each, 20,000 appointments. */
  private static final List<String> DATA = List.of(
      "INSERT INTO businesses (id, name, timezone) SELECT " + uuidSql("b", "b") + ", 'B' || b, 'America/Chicago'"
          + " FROM generate_series(0, 9) b",
      "INSERT INTO users (id, email, password_hash, first_name, last_name) SELECT " + uuidSql("u", "u")
          + ", 'u' || u || '@plan.test', 'x', 'F' || u, 'L' || u FROM generate_series(0, 2119) u",
      "INSERT INTO clients (id, user_id, first_name, last_name, email) SELECT " + uuidSql("c", "c") + ", "
          + uuidSql("u", "c") + ", 'F', 'L', 'c' || c || '@plan.test' FROM generate_series(0, 1999) c",
      "INSERT INTO employees (id, user_id, business_id, first_name, last_name) SELECT " + uuidSql("e", "e") + ", "
          + uuidSql("u", "2000 + e") + ", " + uuidSql("b", "e % 10") + ", 'Employee' || e, 'Bench' FROM generate_series(0, 99) e",
      "INSERT INTO liaisons (id, user_id) SELECT " + uuidSql("l", "l") + ", " + uuidSql("u", "2100 + l")
          + " FROM generate_series(0, 19) l",
      "INSERT INTO liaison_clients (liaison_id, client_id) SELECT " + uuidSql("l", "l") + ", "
          + uuidSql("c", "l + 20 * k") + " FROM generate_series(0, 19) l, generate_series(0, 9) k",
      "INSERT INTO appointments (id, business_id, client_id, employee_id, service_name, status, starts_at,"
          + " duration_minutes, timezone, location_name, location_address) SELECT " + uuidSql("a", "i") + ", "
          + uuidSql("b", "i % 10") + ", " + uuidSql("c", "i % 2000") + ", " + uuidSql("e", "i % 100")
          + ", 'Visit', 'scheduled', now(), 30, 'America/Chicago', 'Clinic', 'Main St'"
          + " FROM generate_series(0, 19999) i",
      "VACUUM ANALYZE");

  /** The id of the n-th row of a kind ("a" for appointments, "c" for clients...), as SQL. */
  private static String uuidSql(String kind, String n) {
    return "md5('" + kind + "' || (" + n + "))::uuid";
  }

  /** The executed generic plan of a read of appointment 7, for a liaison id given as SQL. */
  private static JsonObject plan(SqlClient client, String liaison) {
    RowSet<Row> rows = client.query("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read(md5('a' || 7)::uuid, "
        + liaison + ")").execute().await();
    Object value = rows.iterator().next().getValue(0);
    JsonArray document = value instanceof JsonArray array ? array : new JsonArray(value.toString());
    return document.getJsonObject(0).getJsonObject("Plan");
  }

  /** Each node as "type on index" (or "type on relation", or the type alone). */
  private static List<String> nodes(JsonObject plan) {
    List<String> out = new ArrayList<>();
    collect(plan, out);
    return out;
  }

  private static void collect(JsonObject node, List<String> out) {
    String on = node.getString("Index Name", node.getString("Relation Name"));
    out.add(on == null ? node.getString("Node Type") : node.getString("Node Type") + " on " + on);
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      collect(children.getJsonObject(i), out);
    }
  }

  private static JsonObject liaisonProbe(JsonObject node) {
    if ("liaison_clients".equals(node.getString("Relation Name"))) {
      return node;
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      JsonObject found = liaisonProbe(children.getJsonObject(i));
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
