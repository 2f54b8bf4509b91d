package io.eventgate.common.config;

import io.vertx.core.json.JsonObject;

/**
 * The merged configuration (conf/config.json, then environment, then system properties) with typed
 * getters. Keys are the environment names of docs/API.md section 9; values from the environment arrive as
 * strings and are converted here. Every default is written once, in {@code conf/config.json}: the getters
 * take none, and a setting that has neither a value nor a default there is an error naming it — except for
 * the few whose absence means something ({@link #string} answers null, {@link #flag} false).
 */
public final class Settings {

  private final JsonObject values;

  public Settings(JsonObject values) {
    this.values = values.copy();
  }

  /** The value as text, or {@code null} when it is unset (absent or blank). */
  public String string(String key) {
    Object value = values.getValue(key);
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  /** The value as text; blank when conf/config.json's default is blank. */
  public String text(String key) {
    if (!values.containsKey(key) || values.getValue(key) == null) {
      throw missing(key);
    }
    return values.getValue(key).toString().trim();
  }

  public int integer(String key) {
    String value = string(key);
    if (value == null) {
      throw missing(key);
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + key + " must be an integer, got '" + value + "'");
    }
  }

  public boolean bool(String key) {
    String value = string(key);
    if (value == null) {
      throw missing(key);
    }
    return parseBool(key, value);
  }

  /** A boolean whose absence means false (e.g. {@code DEMO_DATA}, decided by the launcher when unset). */
  public boolean flag(String key) {
    String value = string(key);
    return value != null && parseBool(key, value);
  }

  private static boolean parseBool(String key, String value) {
    if (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes")) {
      return true;
    }
    if (value.equalsIgnoreCase("false") || value.equals("0") || value.equalsIgnoreCase("no")) {
      return false;
    }
    throw new IllegalArgumentException("Setting " + key + " must be true or false, got '" + value + "'");
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException("Setting " + key + " must be set (conf/config.json gives no default)");
  }

  /**
   * {@code EVENT_LOOPS}, or {@code fallback} (the process's own rule when unset: it depends on the machine):
   * how many event-loop threads the process runs. Each kind of
   * verticle deploys one instance per loop. Fewer threads than Vert.x's default of two per core means
   * fewer hand-offs between threads, each a wake-up through the kernel (docs/PERFORMANCE.md).
   */
  public int eventLoops(int fallback) {
    int loops = has("EVENT_LOOPS") ? integer("EVENT_LOOPS") : fallback;
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
