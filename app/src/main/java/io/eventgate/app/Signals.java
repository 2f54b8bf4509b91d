package io.eventgate.app;

import java.io.IOException;

/** Signals Java has no API for, through the shell's {@code kill} (a builtin, so present wherever sh is). */
final class Signals {

  private Signals() {
  }

  /** SIGINT: PostgreSQL's "fast shutdown" (sessions ended, one checkpoint, clean exit). */
  static void interrupt(long pid) throws IOException {
    Process kill = new ProcessBuilder("sh", "-c", "kill -INT \"$1\"", "sh", Long.toString(pid))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      kill.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling process " + pid, e);
    }
  }
}
