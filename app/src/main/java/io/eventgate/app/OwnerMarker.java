package io.eventgate.app;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The file {@code eventgate.owner} in a data folder: which eventgate process runs the folder's server
 * ({@code owner}) and which server it started ({@code postmaster}), both as {@link ProcessIdentity}. It lets a
 * later run tell "ours, and its owner is dead" (safe to stop) from "someone else's" (never touched).
 * PostgreSQL ignores files it does not know in its data folder.
 */
record OwnerMarker(Optional<ProcessIdentity> owner, Optional<ProcessIdentity> postmaster) {

  static final String FILE_NAME = "eventgate.owner";

  static OwnerMarker read(Path folder) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return new OwnerMarker(Optional.empty(), Optional.empty());
    }
    return new OwnerMarker(identity(properties, "owner"), identity(properties, "postmaster"));
  }

  /** Written before the server starts (after initdb, which wants an empty folder). */
  static void claim(Path folder, ProcessIdentity owner) throws IOException {
    write(folder, "owner=" + owner + "\n");
  }

  /** Written once the server runs: from now on a later run may stop exactly this server if the owner dies. */
  static void recordPostmaster(Path folder, ProcessIdentity owner, ProcessIdentity postmaster) throws IOException {
    write(folder, "owner=" + owner + "\npostmaster=" + postmaster + "\n");
  }

  private static void write(Path folder, String lines) throws IOException {
    // Whole or not at all: the watchdog and later runs must never read half a file.
    Path next = folder.resolve(FILE_NAME + ".next");
    Files.writeString(next, "# eventgate: the process running this folder's embedded PostgreSQL\n" + lines,
        StandardCharsets.UTF_8);
    Files.move(next, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Optional<ProcessIdentity> identity(Properties properties, String key) {
    String value = properties.getProperty(key);
    return value == null ? Optional.empty() : ProcessIdentity.parse(value.trim());
  }
}
