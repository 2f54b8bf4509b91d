package io.eventgate.common.launch;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a process's shutdown hook, each waited for in turn with a bound, so one stuck step cannot
 * keep the process alive and the next step still runs.
 */
final class Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private Shutdown() {
  }

  /** Waits for {@code step} at most {@code timeout}; a failure or timeout is logged, never thrown. */
  static void await(String step, Future<?> future, Duration timeout) {
    LOG.info("stopping: {}", step);
    try {
      future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("stopping: {} did not finish cleanly ({})", step, e.getClass().getSimpleName());
    }
  }
}
