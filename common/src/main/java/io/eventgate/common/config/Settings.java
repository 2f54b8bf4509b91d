package io.eventgate.common.config;

import io.vertx.core.json.JsonObject;

/**
 * The merged configuration (conf/config.json, then environment, then system properties) with typed
 * getters. Keys are the environment names of docs/API.md section 9; values from the environment arrive as
 * strings and are converted here.
 */
public final class Settings {

  private final JsonObject values;

  public Settings(JsonObject values) {
    this.values = values.copy();
  }

  public String string(String key) {
    Object value = values.getValue(key);
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  public String string(String key, String fallback) {
    String value = string(key);
    return value == null ? fallback : value;
  }

  public int integer(String key, int fallback) {
    String value = string(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + key + " must be an integer, got '" + value + "'");
    }
  }

  public boolean bool(String key, boolean fallback) {
    String value = string(key);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes")) {
      return true;
    }
    if (value.equalsIgnoreCase("false") || value.equals("0") || value.equalsIgnoreCase("no")) {
      return false;
    }
    throw new IllegalArgumentException("Setting " + key + " must be true or false, got '" + value + "'");
  }

  /**
   * {@code EVENT_LOOPS}, or {@code fallback}: how many event-loop threads the process runs. Each kind of
   * verticle deploys one instance per loop. Fewer threads than Vert.x's default of two per core means
   * fewer hand-offs between threads, each a wake-up through the kernel (docs/PERFORMANCE.md).
   */
  public int eventLoops(int fallback) {
    int loops = integer("EVENT_LOOPS", fallback);
    if (loops < 1) {
      throw new IllegalArgumentException("Setting EVENT_LOOPS must be at least 1, got " + loops);
    }
    return loops;
  }

  /** The processors this JVM may use. */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  public boolean has(String key) {
    return string(key) != null;
  }

  /** Refuses to go on without these settings, naming the first one missing. */
  public void require(String... keys) {
    for (String key : keys) {
      if (!has(key)) {
        throw new IllegalArgumentException(key + " must be set");
      }
    }
  }

  /** A copy with {@code key} set, for launchers that fill in what the embedded default decides. */
  public Settings with(String key, Object value) {
    JsonObject copy = values.copy();
    copy.put(key, value);
    return new Settings(copy);
  }
}
