package io.eventgate.testkit;

import io.eventgate.gateway.db.Migrations;
import io.eventgate.common.db.PgSettings;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The PostgreSQL of a test JVM or of a benchmark run: {@code PG_URL} when that is set, otherwise one started
 * here; migrated either way.
 *
 * <p>The PostgreSQL started here is whatever {@code embedded} starts — in this project the app's
 * {@code EmbeddedDatabase} (with its watchdog and orphan reaper), passed in by the caller because it is the
 * app's main code, which this module cannot depend on (the app's tests depend on this module):
 *
 * <pre>{@code
 * TestDatabase db = TestDatabase.start(() -> EmbeddedDatabase.start(null), EmbeddedDatabase::settings);
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

  private final PgSettings pg;
  private final AutoCloseable embedded;

  private TestDatabase(PgSettings pg, AutoCloseable embedded) {
    this.pg = pg;
    this.embedded = embedded;
  }

  /**
   * {@code PG_URL} from the environment when set and not blank, else a PostgreSQL from {@code embedded}
   * ({@code settingsOf} says how to reach it); then the migrations. A PostgreSQL started here is stopped again
   * when the migrations fail, and by {@link #close()}.
   */
  public static <E extends AutoCloseable> TestDatabase start(Callable<E> embedded, Function<E, PgSettings> settingsOf)
      throws Exception {
    return start(System.getenv("PG_URL"), embedded, settingsOf);
  }

  /** As {@link #start(Callable, Function)}, with {@code pgUrl} in place of the environment's {@code PG_URL}. */
  public static <E extends AutoCloseable> TestDatabase start(String pgUrl, Callable<E> embedded,
      Function<E, PgSettings> settingsOf) throws Exception {
    if (pgUrl != null && !pgUrl.isBlank()) {
      PgSettings pg = PgSettings.fromUrl(pgUrl);
      Migrations.migrate(pg);
      return new TestDatabase(pg, null);
    }
    E started = embedded.call();
    try {
      PgSettings pg = settingsOf.apply(started);
      Migrations.migrate(pg);
      return new TestDatabase(pg, started);
    } catch (Exception | Error e) {
      try {
        started.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public PgSettings pg() {
    return pg;
  }

  /** Whether the PostgreSQL was started here (and is stopped by {@link #close()}). */
  public boolean embedded() {
    return embedded != null;
  }

  /** Stops the PostgreSQL started here, if any; one given by {@code PG_URL} is left alone. */
  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.close();
    }
  }
}
