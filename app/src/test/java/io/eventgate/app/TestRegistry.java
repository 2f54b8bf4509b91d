package io.eventgate.app;

import io.eventgate.common.db.PgSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Registry records that exist only in tests: one route for each registry state of the status catalog,
 * and an echo route whose service answers with exactly what the gateway forwarded.
 */
final class TestRegistry {

  static final String ECHO_ADDRESS = "test.echo";
  static final String CRASH_ADDRESS = "test.crash";
  static final String BROKEN_ADDRESS = "test.broken";
  static final String SLOW_ADDRESS = "test.slow";
  static final String NOBODY_ADDRESS = "test.nobody";
  static final String DELAY_ADDRESS = "test.delay";
  static final int DELAY_MS = 600;
  static final String SECRET_DETAIL = "internal detail: lost the connection to db-7.internal";

  static final String ECHO = "/test/echo";
  static final String ECHO_SENSITIVE = "/test/echo-sensitive";
  static final String ECHO_ROLE = "/test/echo-role";
  static final String UNDEPLOYED_ROUTE = "/test/undeployed-route";
  static final String MISSING_SERVICE = "/test/missing-service";
  static final String UNDEPLOYED_SERVICE = "/test/undeployed-service";
  static final String UNAVAILABLE = "/test/unavailable";
  static final String UNAVAILABLE_WITH_PARAMS = "/test/unavailable-with-params";
  static final String SLOW = "/test/slow";
  static final String CRASH = "/test/crash";
  static final String BROKEN = "/test/broken";
  static final String EMAIL_FAILS = "/test/email-fails";
  static final String DELAY = "/test/delay";
  static final int SLOW_TIMEOUT_MS = 300;

  /** Params of the echo routes: one of each type and format, in a fixed order. */
  static final String ECHO_PARAMS = "[" 
      + "{\"name\":\"name\",\"type\":\"string\",\"required\":true,\"max_length\":5},"
      + "{\"name\":\"count\",\"type\":\"integer\",\"required\":false,\"default\":3},"
      + "{\"name\":\"flag\",\"type\":\"boolean\",\"required\":false},"
      + "{\"name\":\"id\",\"type\":\"string\",\"required\":false,\"format\":\"uuid\"},"
      + "{\"name\":\"kind\",\"type\":\"string\",\"required\":false,\"values\":[\"a\",\"b\"]}"
      + "]";

  private TestRegistry() {
  }

  static void insert(PgSettings pg) throws SQLException {
    String sql = "INSERT INTO services (name, address, deployed, timeout_ms) VALUES"
        + " ('test-echo', '" + ECHO_ADDRESS + "', true, 5000),"
        + " ('test-crash', '" + CRASH_ADDRESS + "', true, 5000),"
        + " ('test-broken', '" + BROKEN_ADDRESS + "', true, 5000),"
        + " ('test-slow', '" + SLOW_ADDRESS + "', true, " + SLOW_TIMEOUT_MS + "),"
        + " ('test-nobody', '" + NOBODY_ADDRESS + "', true, 5000),"
        + " ('test-undeployed', '" + ECHO_ADDRESS + "', false, 5000),"
        + " ('test-delay', '" + DELAY_ADDRESS + "', true, 5000)"
        + " ON CONFLICT (name) DO NOTHING;"
        + "INSERT INTO routes (method, path, service, action, deployed, auth, sensitive_params, params) VALUES"
        + " ('POST', '" + ECHO + "', 'test-echo', 'echo', true, 'none', false, '" + ECHO_PARAMS + "'),"
        + " ('POST', '" + ECHO_SENSITIVE + "', 'test-echo', 'echo', true, 'none', true, '" + ECHO_PARAMS + "'),"
        + " ('POST', '" + ECHO_ROLE + "', 'test-echo', 'echo', true, 'role', false, '" + ECHO_PARAMS + "'),"
        + " ('POST', '" + UNDEPLOYED_ROUTE + "', 'test-echo', 'echo', false, 'role', false, '[]'),"
        + " ('POST', '" + MISSING_SERVICE + "', 'no-such-service', 'echo', true, 'role', false, '[]'),"
        + " ('POST', '" + UNDEPLOYED_SERVICE + "', 'test-undeployed', 'echo', true, 'role', false, '[]'),"
        + " ('POST', '" + UNAVAILABLE + "', 'test-nobody', 'echo', true, 'none', false, '[]'),"
        + " ('POST', '" + UNAVAILABLE_WITH_PARAMS + "', 'test-nobody', 'echo', true, 'none', false, '"
        + ECHO_PARAMS + "'),"
        + " ('POST', '" + SLOW + "', 'test-slow', 'echo', true, 'none', false, '[]'),"
        + " ('POST', '" + CRASH + "', 'test-crash', 'crash', true, 'none', false, '[]'),"
        + " ('POST', '" + BROKEN + "', 'test-broken', 'echo', true, 'none', false, '[]'),"
        + " ('POST', '" + EMAIL_FAILS + "', 'test-crash', 'email', true, 'none', false, '[]'),"
        + " ('POST', '" + DELAY + "', 'test-delay', 'echo', true, 'none', false, '[]')"
        + " ON CONFLICT (method, path) DO NOTHING;";
    try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
