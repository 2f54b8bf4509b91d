package io.eventgate.common.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Where PostgreSQL is, read once from a {@code postgresql://user:pass@host:port/db} URL and offered both to
 * the reactive client and to JDBC (Flyway).
 */
public record PgSettings(String host, int port, String database, String user, String password) {

  public static PgSettings fromUrl(String url) {
    if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      throw new IllegalArgumentException("PG_URL must look like postgresql://user:pass@host:port/db");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      // The parser's message repeats the URL, password included: say what is wrong without it.
      throw new IllegalArgumentException("PG_URL is not a valid postgresql://user:pass@host:port/db URL");
    }
    return new PgSettings(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        options.getPassword());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        .setReconnectAttempts(0);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The URL form, for handing to another process; the password is part of it, so never log it. */
  public String url() {
    return "postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/"
        + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
