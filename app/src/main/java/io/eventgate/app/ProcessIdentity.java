package io.eventgate.app;

import java.util.Optional;

/**
 * A process named so that a recycled pid cannot pass for it: its pid plus its start time (clock ticks since
 * boot, field 22 of {@code /proc/<pid>/stat}). Written as {@code <pid>-<start>} in owner markers and in the
 * names of temporary data folders.
 */
record ProcessIdentity(long pid, long startTicks) {

  /** This JVM; without {@code /proc} (not Linux) its start is unknown and written as 0. */
  static ProcessIdentity current() {
    long pid = ProcessHandle.current().pid();
    return LinuxProcess.find(pid).map(LinuxProcess::identity).orElse(new ProcessIdentity(pid, 0));
  }

  /** {@code <pid>-<start>}, or empty when the text is anything else. */
  static Optional<ProcessIdentity> parse(String text) {
    int dash = text.indexOf('-');
    if (dash <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcessIdentity(Long.parseLong(text.substring(0, dash)),
          Long.parseLong(text.substring(dash + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The very same process is still running (not merely a process with the same pid). */
  boolean alive() {
    return LinuxProcess.find(pid).map(process -> process.identity().equals(this)).orElse(false);
  }

  @Override
  public String toString() {
    return pid + "-" + startTicks;
  }
}
