package io.eventgate.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small {@code sh} child that stops the embedded PostgreSQL soon after this JVM is gone, however it went.
 *
 * <p>PostgreSQL runs in a session of its own ({@code pg_ctl} detaches it), so nothing kills it with the JVM.
 * The watchdog's stdin is a pipe from this JVM, which never writes to it until the server is stopped; when the
 * JVM dies (kill -9, the OOM killer, a terminal closed hard) the kernel closes the pipe, the watchdog reads
 * end-of-file, and it sends the folder's postmaster a fast-shutdown SIGINT, after checking that the pid in
 * {@code postmaster.pid} is still a PostgreSQL on that folder. The script is
 * {@code postmaster-watchdog.sh} next to this class.
 */
final class PostmasterWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final String SCRIPT = script();

  private final Process process;

  private PostmasterWatchdog(Process process) {
    this.process = process;
  }

  /** Watches {@code folder} from now on; the server may start after this (it is looked up only when needed). */
  static PostmasterWatchdog watch(DataFolder folder, ProcessIdentity owner) throws IOException {
    Process process = new ProcessBuilder("sh", "-c", SCRIPT, "eventgate-postmaster-watchdog",
        folder.path().toString(), owner.toString(), folder.temporary() ? "temporary" : "kept")
        // Nothing to say, and a write to a pipe whose reader died would end it with SIGPIPE.
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    return new PostmasterWatchdog(process);
  }

  /** The server was stopped here: the watchdog leaves without doing anything. */
  void dismiss() {
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write('\n');
    } catch (IOException e) {
      // It is gone already: nothing left to dismiss.
    }
    awaitExit();
  }

  /** As if this JVM had died: the watchdog stops the server (after a failed start) and, if temporary, its folder. */
  void stopServerNow() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Gone already.
    }
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(OrphanReaper.STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("the PostgreSQL watchdog (process {}) did not finish", process.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String script() {
    try (InputStream in = PostmasterWatchdog.class.getResourceAsStream("postmaster-watchdog.sh")) {
      if (in == null) {
        throw new IllegalStateException("postmaster-watchdog.sh is missing from the classpath");
      }
      // Without its comments: the script is the watchdog's command line, which ps shows.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.stripLeading().startsWith("#"))
          .collect(Collectors.joining("\n", "", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
