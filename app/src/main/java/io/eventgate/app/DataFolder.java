package io.eventgate.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the embedded PostgreSQL keeps its data: the folder {@code PG_DATA_DIR} names (kept between runs), or a
 * temporary one of ours under {@code java.io.tmpdir}, named {@code eventgate-pg-<owner>-<random>} so that a later
 * run recognises it, and its owner, even if the run that made it died before writing anything into it.
 * Paths are absolute and free of symbolic links: that is how they appear on the server's command line.
 */
record DataFolder(Path path, boolean temporary) {

  static final String TEMPORARY_PREFIX = "eventgate-pg-";

  /** The folder {@code PG_DATA_DIR} names, created when missing; refused when PostgreSQL could not open it. */
  static DataFolder kept(String dir) throws IOException {
    Path path = Path.of(dir).toAbsolutePath();
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new DataFolderException("PG_DATA_DIR " + path + " is not a folder: point PG_DATA_DIR at a folder"
          + " (a missing one is created)");
    }
    Files.createDirectories(path);
    DataFolder folder = new DataFolder(path.toRealPath(), false);
    folder.checkOpenable();
    return folder;
  }

  /** A new, empty temporary folder owned by {@code owner}. */
  static DataFolder temporary(ProcessIdentity owner) throws IOException {
    return new DataFolder(Files.createTempDirectory(TEMPORARY_PREFIX + owner + "-").toRealPath(), true);
  }

  /** Every temporary folder of ours under {@code java.io.tmpdir}, whichever run made it. */
  static List<DataFolder> temporaryFolders() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
    List<DataFolder> folders = new ArrayList<>();
    try (Stream<Path> entries = Files.list(tmp)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (entry.getFileName().toString().startsWith(TEMPORARY_PREFIX) && Files.isDirectory(entry)
            && !Files.isSymbolicLink(entry)) {
          folders.add(new DataFolder(entry, true));
        }
      }
    }
    return folders;
  }

  /** The run that made this temporary folder, from its name. */
  Optional<ProcessIdentity> temporaryOwner() {
    if (!temporary) {
      return Optional.empty();
    }
    String rest = path.getFileName().toString().substring(TEMPORARY_PREFIX.length());
    int lastDash = rest.lastIndexOf('-');
    return lastDash < 0 ? Optional.empty() : ProcessIdentity.parse(rest.substring(0, lastDash));
  }

  /** The pid PostgreSQL wrote on the first line of {@code postmaster.pid}, if the file is there. */
  Optional<Long> postmasterPid() {
    try (Stream<String> lines = Files.lines(pidFile(), StandardCharsets.UTF_8)) {
      return lines.findFirst().map(String::trim).map(Long::parseLong);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  Path pidFile() {
    return path.resolve("postmaster.pid");
  }

  /** For messages: what the user would recognise. */
  String describe() {
    return temporary ? "the temporary data folder " + path : "PG_DATA_DIR " + path;
  }

  /** Removes the folder; what disappears meanwhile (a dead run's watchdog may be removing it too) is fine. */
  void delete() throws IOException {
    Files.walkFileTree(path, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw failure;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null && !(failure instanceof NoSuchFileException)) {
          throw failure;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** PostgreSQL's own refusals, said before it is started, with what to do about them. */
  private void checkOpenable() throws IOException {
    Path version = path.resolve("PG_VERSION");
    if (Files.isRegularFile(version)) {
      String major = Files.readString(version, StandardCharsets.UTF_8).trim();
      if (!major.equals(EmbeddedDatabase.POSTGRES_MAJOR)) {
        throw new DataFolderException(describe() + " holds data of PostgreSQL " + major + ", and the embedded"
            + " server is PostgreSQL " + EmbeddedDatabase.POSTGRES_MAJOR + ", which cannot open it: point"
            + " PG_DATA_DIR at another folder (a new one starts with the demo data), or move the data with"
            + " pg_dump and psql");
      }
      return;
    }
    try (Stream<Path> entries = Files.list(path)) {
      if (entries.findAny().isPresent()) {
        throw new DataFolderException(describe() + " is not empty and holds no PostgreSQL data (no PG_VERSION):"
            + " point PG_DATA_DIR at an empty or missing folder, where a new database is made");
      }
    }
  }
}
