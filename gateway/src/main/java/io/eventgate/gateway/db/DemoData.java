package io.eventgate.gateway.db;

import io.eventgate.common.db.PgSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Loads {@code conf/demo/demo-data.sql} (docs/API.md section 8). Blocking: runs before Vert.x serves. */
public final class DemoData {

  private static final String SCRIPT = "conf/demo/demo-data.sql";

  private DemoData() {
  }

  public static void load(PgSettings pg) throws IOException, SQLException {
    String sql;
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException(SCRIPT + " is missing from the classpath");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
