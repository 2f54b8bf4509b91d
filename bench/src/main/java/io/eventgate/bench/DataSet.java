package io.eventgate.bench;

import io.eventgate.common.db.PgSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's data: businesses, employees, clients, liaisons linked to clients, and appointments,
 * generated inside PostgreSQL ({@code generate_series}) so that 100,000 rows load in seconds. Ids are
 * deterministic ({@code <prefix>-0000-4000-8000-<n in hex>}), so a run can be repeated on kept data.
 * Every bench user's password is {@link #PASSWORD}.
 */
final class DataSet {

  static final String PASSWORD = "bench-pass-2026";
  static final int BUSINESSES = 10;
  static final int EMPLOYEES = 100;
  static final int LIAISONS = 100;
  static final int CLIENTS_PER_LIAISON = 20;

  final int appointments;
  final int clients;

  DataSet(int appointments, int clients) {
    this.appointments = appointments;
    this.clients = clients;
  }

  /** The n-th id of a kind: {@code prefix} is 8 hex digits. */
  static String id(String prefix, long n) {
    return prefix + "-0000-4000-8000-" + String.format("%012x", n);
  }

  static String sqlId(String prefix, String n) {
    return "('" + prefix + "-0000-4000-8000-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
  }

  // Kinds of ids. User ids of employees, clients and liaisons are kept apart by their ranges.
  static final String BUSINESS = "b1000000";
  static final String USER = "11000000";
  static final String CLIENT = "c1000000";
  static final String EMPLOYEE = "e1000000";
  static final String LIAISON = "d1000000";
  static final String APPOINTMENT = "a1000000";
  static final String SESSION = "5e000000";
  static final String MIX_SESSION = "5f000000";

  static long employeeUser(int e) {
    return 1_000_000L + e;
  }

  static long liaisonUser(int l) {
    return 2_000_000L + l;
  }

  static long clientUser(int c) {
    return c;
  }

  static String email(long user) {
    return "bench-" + user + "@bench.test";
  }

  /** Loads the data set unless the same one is already there; a different size is replaced. */
  void load(PgSettings pg, String passwordHash) throws SQLException {
    try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
         Statement sql = db.createStatement()) {
      var count = sql.executeQuery("SELECT count(*) FROM appointments WHERE id::text LIKE 'a1000000-%'");
      count.next();
      if (count.getLong(1) == appointments && exists(sql, "SELECT 1 FROM clients WHERE id = "
          + sqlId(CLIENT, String.valueOf(clients - 1)))) {
        return;
      }
      db.setAutoCommit(false);
      clear(sql);
      sql.execute("INSERT INTO businesses (id, name, timezone) SELECT " + sqlId(BUSINESS, "b")
          + ", 'Bench Business ' || b, (ARRAY['America/Chicago','Europe/Paris','Asia/Tokyo'])[b % 3 + 1]"
          + " FROM generate_series(0, " + (BUSINESSES - 1) + ") b");
      try (PreparedStatement users = db.prepareStatement("INSERT INTO users (id, email, password_hash,"
          + " first_name, last_name) SELECT " + sqlId(USER, "u") + ", 'bench-' || u || '@bench.test', ?,"
          + " 'First' || u, 'Last' || u FROM generate_series(?::bigint, ?::bigint) u")) {
        for (long[] range : new long[][] {{0, clients - 1}, {employeeUser(0), employeeUser(EMPLOYEES - 1)},
            {liaisonUser(0), liaisonUser(LIAISONS - 1)}}) {
          users.setString(1, passwordHash);
          users.setLong(2, range[0]);
          users.setLong(3, range[1]);
          users.executeUpdate();
        }
      }
      sql.execute("INSERT INTO clients (id, user_id, first_name, last_name, email, phone) SELECT "
          + sqlId(CLIENT, "c") + ", " + sqlId(USER, "c") + ", 'Client' || c, 'Bench', 'bench-' || c"
          + " || '@bench.test', '+1 972 555 ' || lpad((c % 10000)::text, 4, '0')"
          + " FROM generate_series(0, " + (clients - 1) + ") c");
      sql.execute("INSERT INTO employees (id, user_id, business_id, first_name, last_name) SELECT "
          + sqlId(EMPLOYEE, "e") + ", " + sqlId(USER, "(" + employeeUser(0) + " + e)") + ", "
          + sqlId(BUSINESS, "e % " + BUSINESSES) + ", 'Employee' || e, 'Bench'"
          + " FROM generate_series(0, " + (EMPLOYEES - 1) + ") e");
      sql.execute("INSERT INTO liaisons (id, user_id) SELECT " + sqlId(LIAISON, "l") + ", "
          + sqlId(USER, "(" + liaisonUser(0) + " + l)") + " FROM generate_series(0, " + (LIAISONS - 1) + ") l");
      // Liaison l looks after clients l, l + 100, l + 200, ...
      sql.execute("INSERT INTO liaison_clients (liaison_id, client_id) SELECT " + sqlId(LIAISON, "l") + ", "
          + sqlId(CLIENT, "(l + " + LIAISONS + " * k) % " + clients) + " FROM generate_series(0, "
          + (LIAISONS - 1) + ") l, generate_series(0, " + (CLIENTS_PER_LIAISON - 1) + ") k"
          + " ON CONFLICT DO NOTHING");
      // Appointment i: client i % clients, business i % 10, and one of that business's employees.
      sql.execute("INSERT INTO appointments (id, business_id, client_id, employee_id, service_name, status,"
          + " starts_at, duration_minutes, timezone, location_name, location_address, notes, reminder_email,"
          + " reminder_sms, reminder_minutes_before) SELECT " + sqlId(APPOINTMENT, "i") + ", "
          + sqlId(BUSINESS, "i % " + BUSINESSES) + ", " + sqlId(CLIENT, "i % " + clients) + ", "
          + sqlId(EMPLOYEE, "(i % " + BUSINESSES + ") + " + BUSINESSES + " * ((i / " + BUSINESSES + ") % "
          + (EMPLOYEES / BUSINESSES) + ")") + ", (ARRAY['Initial Consultation','Follow-up Visit',"
          + "'Annual Check-up','Therapy Session'])[i % 4 + 1],"
          + " (ARRAY['scheduled','confirmed','cancelled','completed','no_show'])[i % 5 + 1],"
          + " timestamptz '2026-01-01 08:00Z' + (i % 365) * interval '1 day' + (i % 10) * interval '1 hour',"
          + " 15 + (i % 4) * 15, (ARRAY['America/Chicago','Europe/Paris','Asia/Tokyo'])[(i % 10) % 3 + 1],"
          + " 'Bench Clinic ' || (i % 10), (100 + i % 900) || ' Main St, Plano, TX 75024',"
          + " CASE WHEN i % 3 = 0 THEN 'Bring the referral letter.' END, i % 2 = 0, i % 3 = 0,"
          + " CASE WHEN i % 2 = 0 THEN 60 END FROM generate_series(0, " + (appointments - 1) + ") i");
      db.commit();
      db.setAutoCommit(true);
      sql.execute("ANALYZE");
    }
  }

  private static void clear(Statement sql) throws SQLException {
    sql.execute("DELETE FROM sessions WHERE user_id::text LIKE '11000000-%'");
    sql.execute("DELETE FROM appointments WHERE id::text LIKE 'a1000000-%'");
    sql.execute("DELETE FROM liaison_clients WHERE liaison_id::text LIKE 'd1000000-%'");
    sql.execute("DELETE FROM liaisons WHERE id::text LIKE 'd1000000-%'");
    sql.execute("DELETE FROM employees WHERE id::text LIKE 'e1000000-%'");
    sql.execute("DELETE FROM clients WHERE id::text LIKE 'c1000000-%'");
    sql.execute("DELETE FROM users WHERE id::text LIKE '11000000-%'");
    sql.execute("DELETE FROM businesses WHERE id::text LIKE 'b1000000-%'");
  }

  private static boolean exists(Statement sql, String query) throws SQLException {
    try (var rows = sql.executeQuery(query)) {
      return rows.next();
    }
  }
}
