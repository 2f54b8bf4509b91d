package io.eventgate.bench;

import io.eventgate.app.EmbeddedDatabase;
import io.eventgate.gateway.db.DemoData;
import io.eventgate.common.db.PgSettings;
import io.eventgate.gateway.users.PasswordHasher;
import io.eventgate.testkit.TestDatabase;

/**
 * The database every process of a benchmark run shares: {@code PG_URL} when set, otherwise an embedded
 * PostgreSQL started here (and stopped with the run). Migrated, with the demo data and the data set loaded.
 */
final class BenchDatabase implements AutoCloseable {

  private final TestDatabase database;
  final PgSettings pg;

  private BenchDatabase(TestDatabase database) {
    this.database = database;
    this.pg = database.pg();
  }

  static BenchDatabase start(DataSet data) throws Exception {
    TestDatabase database = TestDatabase.start(() -> EmbeddedDatabase.start(null), EmbeddedDatabase::settings);
    try {
      DemoData.load(database.pg());
      long started = System.nanoTime();
      data.load(database.pg(), PasswordHasher.hash(DataSet.PASSWORD));
      Log.line("data set: %,d appointments, %,d clients, %d employees, %d liaisons (%.1f s)",
          data.appointments, data.clients, DataSet.EMPLOYEES, DataSet.LIAISONS,
          (System.nanoTime() - started) / 1e9);
      return new BenchDatabase(database);
    } catch (Exception e) {
      database.close();
      throw e;
    }
  }

  /** Starts the database, prints its URL and holds it until killed: for experiments by hand. */
  public static void main(String[] args) throws Exception {
    int appointments = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    BenchDatabase db = start(new DataSet(appointments, Math.max(100, appointments / 10)));
    Runtime.getRuntime().addShutdownHook(new Thread(db::close));
    System.out.println(db.pg.url());
    Thread.currentThread().join();
  }

  @Override
  public void close() {
    try {
      database.close();
    } catch (Exception e) {
      Log.line("the embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
    }
  }
}
