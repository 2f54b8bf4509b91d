package io.eventgate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the embedded PostgreSQL starts: finds a server left running on a data folder by an eventgate process
 * that died without stopping it, and stops it the way {@code pg_ctl stop -m fast} does (SIGINT); and removes
 * the temporary folders of dead runs. It acts only on a process it can prove ours; anything else on the
 * folder stops the start with a message that says what to do.
 */
final class OrphanReaper {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);

  /** A fast shutdown ends the sessions and writes one checkpoint: seconds, even for a busy server. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  enum Verdict {
    /** The pid file names a running process that is no PostgreSQL: the file is stale; the process is left alone. */
    STALE_PID_FILE,
    /** Our server, and the eventgate process that started it is gone: stop it. */
    ORPHAN,
    /** Our server, and its eventgate process still runs. */
    IN_USE_BY_EVENTGATE,
    /** A PostgreSQL server eventgate cannot prove it started (or not provably on this folder). */
    IN_USE_BY_OTHER
  }

  /**
   * What runs where {@code postmaster.pid} points. {@code provedOurs}: the marker recorded exactly this server
   * as ours, or the folder is one of our temporary ones (nobody else starts a server there).
   */
  record Occupant(long pid, boolean postgres, boolean onFolder, boolean ownerAlive, boolean provedOurs) {

    Verdict verdict() {
      if (!postgres) {
        return Verdict.STALE_PID_FILE;
      }
      if (!onFolder) {
        return Verdict.IN_USE_BY_OTHER;
      }
      if (ownerAlive) {
        return Verdict.IN_USE_BY_EVENTGATE;
      }
      return provedOurs ? Verdict.ORPHAN : Verdict.IN_USE_BY_OTHER;
    }
  }

  private OrphanReaper() {
  }

  /** Leaves {@code folder} free for a new server, or throws saying why it cannot be. */
  static void clear(DataFolder folder) throws IOException {
    Optional<Long> pid = folder.postmasterPid();
    Optional<LinuxProcess> process = pid.flatMap(LinuxProcess::find);
    if (process.isEmpty()) {
      // Nothing runs there: a pid file naming a process that is gone is PostgreSQL's own to replace.
      return;
    }
    OwnerMarker marker = OwnerMarker.read(folder.path());
    Optional<ProcessIdentity> owner = folder.temporary() ? folder.temporaryOwner() : marker.owner();
    Occupant occupant = new Occupant(process.get().pid(), process.get().isPostgres(),
        process.get().isPostgresOn(folder.path()), owner.map(ProcessIdentity::alive).orElse(false),
        folder.temporary() || marker.postmaster().equals(Optional.of(process.get().identity())));
    act(folder, occupant, process.get());
  }

  /** Stops the servers of dead runs' temporary folders and removes the folders; live runs' are left alone. */
  static void reapTemporaryFolders() {
    try {
      for (DataFolder folder : DataFolder.temporaryFolders()) {
        Optional<ProcessIdentity> owner = folder.temporaryOwner();
        if (owner.isEmpty() || owner.get().alive()) {
          continue;
        }
        try {
          clear(folder);
          folder.delete();
          LOG.info("removed {}, left by an eventgate run that ended without removing it", folder.describe());
        } catch (IOException e) {
          LOG.warn("{} was left as it is: {}", folder.describe(), e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("could not look for the temporary data folders of earlier runs: {}", e.getMessage());
    }
  }

  private static void act(DataFolder folder, Occupant occupant, LinuxProcess process) throws IOException {
    switch (occupant.verdict()) {
      case STALE_PID_FILE -> {
        // PostgreSQL would refuse to start: the pid it recorded now belongs to another program.
        Files.deleteIfExists(folder.pidFile());
        LOG.info("removed a stale postmaster.pid from {} (its pid {} now belongs to another program, left"
            + " running)", folder.describe(), occupant.pid());
      }
      case ORPHAN -> stop(folder, process);
      case IN_USE_BY_EVENTGATE -> throw new DataFolderException(folder.describe() + " is in use by another"
          + " running eventgate (its PostgreSQL is process " + occupant.pid() + "): stop that eventgate first, or"
          + " point PG_DATA_DIR at another folder");
      case IN_USE_BY_OTHER -> throw new DataFolderException(folder.describe() + " is in use by PostgreSQL"
          + " process " + occupant.pid() + ", which eventgate did not start: stop that server (for example"
          + " pg_ctl -D " + folder.path() + " stop -m fast, or kill -INT " + occupant.pid() + "), or point"
          + " PG_DATA_DIR at another folder");
    }
  }

  private static void stop(DataFolder folder, LinuxProcess process) throws IOException {
    ProcessIdentity server = process.identity();
    LOG.warn("stopping the PostgreSQL (process {}) left running on {} by an eventgate that ended without"
        + " stopping it", server.pid(), folder.describe());
    Signals.interrupt(server.pid());
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (server.alive()) {
      if (System.nanoTime() > deadline) {
        throw new DataFolderException("the PostgreSQL (process " + server.pid() + ") left running on "
            + folder.describe() + " did not stop within " + STOP_WAIT.toSeconds() + " s of a fast shutdown"
            + " request: stop it (kill -INT " + server.pid() + ") and start eventgate again");
      }
      sleep(100);
    }
    LOG.info("the PostgreSQL left running on {} has stopped", folder.describe());
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for an earlier PostgreSQL to stop", e);
    }
  }
}
