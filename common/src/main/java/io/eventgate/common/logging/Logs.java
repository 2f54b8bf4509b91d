package io.eventgate.common.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The process's logging as a whole. */
public final class Logs {

  private Logs() {
  }

  /**
   * Writes what the appenders still hold (the access log's queued lines) and stops them: the last step of a
   * process's shutdown, after which nothing more is logged.
   */
  public static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
