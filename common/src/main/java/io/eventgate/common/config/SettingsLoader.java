package io.eventgate.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads {@link Settings} with vertx-config: the shipped {@code conf/config.json} (the one list of settings,
 * each with its default), overridden by a {@code conf/config.json} in the working directory, by the
 * environment, then by {@code -D} system properties.
 */
public final class SettingsLoader {

  /** The shipped defaults: every setting there is, with its default, or {@code null} where it has none. */
  private static final String DEFAULTS = "conf/config.json";

  /** The shipped file, read once. */
  private static final JsonObject SHIPPED = shippedDefaults();

  /** Every setting an operator may give (in a config file, the environment or a system property). */
  public static final List<String> KEYS = List.copyOf(SHIPPED.fieldNames());

  private SettingsLoader() {
  }

  /**
   * Loads on a short-lived Vert.x of its own, for a launcher that needs its settings before it can create
   * the Vert.x instance it runs on (metrics are chosen at creation). Blocking.
   */
  public static Settings load(JsonObject overrides) {
    Vertx vertx = Vertx.vertx();
    try {
      return load(vertx, overrides).await();
    } finally {
      vertx.close().await();
    }
  }

  public static Future<Settings> load(Vertx vertx, JsonObject overrides) {
    JsonArray keys = new JsonArray(KEYS);
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(-1)
        // The shipped defaults first, so an operator's own conf/config.json needs to hold only what it changes.
        .addStore(new ConfigStoreOptions().setType("json").setConfig(SHIPPED.copy()))
        .addStore(new ConfigStoreOptions().setType("file").setOptional(true)
            .setConfig(new JsonObject().put("path", DEFAULTS)))
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("keys", keys).put("raw-data", true)))
        .addStore(new ConfigStoreOptions().setType("sys")
            .setConfig(new JsonObject().put("cache", false).put("raw-data", true)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .map(config -> {
          JsonObject known = new JsonObject();
          for (String key : KEYS) {
            if (config.containsKey(key)) {
              known.put(key, config.getValue(key));
            }
          }
          return new Settings(known.mergeIn(overrides == null ? new JsonObject() : overrides));
        })
        .onComplete(done -> retriever.close());
  }

  /** The copy of conf/config.json inside the jar (common copies conf/ onto the classpath). */
  private static JsonObject shippedDefaults() {
    try (InputStream in = SettingsLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
