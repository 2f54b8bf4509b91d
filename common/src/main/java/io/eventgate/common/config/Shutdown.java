package io.eventgate.common.config;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a process's shutdown hook, each waited for in turn with a bound, so one stuck step cannot
 * keep the process alive and the next step still runs.
 */
public final class Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private Shutdown() {
  }

  /** Waits for {@code step} at most {@code timeout}; a failure or timeout is logged, never thrown. */
  public static void await(String step, Future<?> future, Duration timeout) {
    LOG.info("stopping: {}", step);
    try {
      future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("stopping: {} did not finish cleanly ({})", step, e.getClass().getSimpleName());
    }
  }
}
