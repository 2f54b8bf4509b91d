package io.eventgate.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Loads {@link Settings} with vertx-config: {@code conf/config.json} (from the working directory, else
 * from the classpath copy), overridden by the environment, overridden by {@code -D} system properties.
 */
public final class SettingsLoader {

  /** Every setting an operator may give through the environment. */
  public static final List<String> KEYS = List.of(
      "HTTP_HOST", "HTTP_PORT", "HTTP_INSTANCES", "EVENT_LOOPS",
      "PG_URL", "PG_POOL_SIZE", "PG_DATA_DIR",
      "JWT_SECRET", "JWT_ALGORITHM", "JWT_PUBLIC_KEY", "JWT_PRIVATE_KEY", "JWT_ISSUER", "JWT_AUDIENCE",
      "DEMO_DATA", "BODY_LIMIT_BYTES", "SESSION_CACHE_SECONDS", "ACCESS_LOG", "METRICS_ENABLED",
      "REGISTRY_CHECK_MS", "DRAIN_TIMEOUT_MS", "SHUTDOWN_GRACE_MS", "IDLE_TIMEOUT_SECONDS", "BODY_TIMEOUT_MS",
      "HTTP2_CLEARTEXT", "TRUSTED_PROXIES", "TRUSTED_PROXY_HEADER",
      "ADMIN_HOST", "ADMIN_PORT", "ADMIN_TOKEN",
      "CLUSTER_NAME", "CLUSTER_MEMBERS", "CLUSTER_HOST", "CLUSTER_PORT", "CLUSTER_PUBLIC_HOST",
      "EVENTBUS_HOST", "EVENTBUS_PORT", "EVENTBUS_PUBLIC_HOST",
      "MANDRILL_URL", "MANDRILL_KEY", "MANDRILL_FROM_EMAIL", "MANDRILL_FROM_NAME", "MANDRILL_TIMEOUT_MS");

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
        .addStore(new ConfigStoreOptions().setType("file").setOptional(true)
            .setConfig(new JsonObject().put("path", "conf/config.json")))
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
}
