package io.eventgate.gateway.db;

import io.eventgate.common.db.PgSettings;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with the versioned SQL of {@code conf/db/migration}. Blocking (JDBC):
 * call it before Vert.x starts serving, or from {@code executeBlocking}.
 */
public final class Migrations {

  private Migrations() {
  }

  public static int migrate(PgSettings pg) {
    return Flyway.configure()
        .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
        .locations("classpath:conf/db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
