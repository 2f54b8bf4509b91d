package io.eventgate.bench;

import io.eventgate.app.EmbeddedDatabase;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.db.DemoData;
import io.eventgate.gateway.db.Migrations;
import io.eventgate.gateway.users.PasswordHasher;

/**
 * The database every process of a benchmark run shares: {@code PG_URL} when set, otherwise an embedded
 * PostgreSQL started here (and stopped with the run). Migrated, with the demo data and the data set loaded.
 */
final class BenchDatabase implements AutoCloseable {

  private final EmbeddedDatabase embedded;
  final PgSettings pg;

  private BenchDatabase(EmbeddedDatabase embedded, PgSettings pg) {
    this.embedded = embedded;
    this.pg = pg;
  }

  static BenchDatabase start(String pgUrl, DataSet data) throws Exception {
    EmbeddedDatabase embedded = null;
    PgSettings pg;
    if (pgUrl != null && !pgUrl.isBlank()) {
      pg = PgSettings.fromUrl(pgUrl);
    } else {
      embedded = EmbeddedDatabase.start(null);
      pg = embedded.settings();
    }
    try {
      Migrations.migrate(pg);
      DemoData.load(pg);
      long started = System.nanoTime();
      data.load(pg, PasswordHasher.hash(DataSet.PASSWORD));
      Log.line("data set: %,d appointments, %,d clients, %d employees, %d liaisons (%.1f s)",
          data.appointments, data.clients, DataSet.EMPLOYEES, DataSet.LIAISONS,
          (System.nanoTime() - started) / 1e9);
      return new BenchDatabase(embedded, pg);
    } catch (Exception e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** Starts the database, prints its URL and holds it until killed: for experiments by hand. */
  public static void main(String[] args) throws Exception {
    int appointments = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    BenchDatabase db = start(System.getenv("PG_URL"), new DataSet(appointments, Math.max(100, appointments / 10)));
    Runtime.getRuntime().addShutdownHook(new Thread(db::close));
    System.out.println(db.pg.url());
    Thread.currentThread().join();
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception e) {
        Log.line("the embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
      }
    }
  }
}
