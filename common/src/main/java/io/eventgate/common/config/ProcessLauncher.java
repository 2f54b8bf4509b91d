package io.eventgate.common.config;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common {@code main} of every process: load the settings, refuse to start without the required ones
 * (a clear line on standard error, exit code 2), otherwise start, and on any other failure log why without
 * a stack trace and exit 1.
 */
public final class ProcessLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);

  /** Starts a process from its settings; returns once it serves. */
  @FunctionalInterface
  public interface Start {
    void start(Settings settings) throws Exception;
  }

  private ProcessLauncher() {
  }

  public static void run(String name, Start start, String... required) {
    try {
      Settings settings = SettingsLoader.loadBlocking(new JsonObject());
      settings.require(required);
      start.start(settings);
    } catch (IllegalArgumentException e) {
      System.err.println("eventgate " + name + ": " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("eventgate {} did not start: {}", name, e.getMessage());
      System.exit(1);
    }
  }
}
