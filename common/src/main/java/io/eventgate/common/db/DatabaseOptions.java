package io.eventgate.common.db;

import io.eventgate.common.config.Settings;

/**
 * Which database a process uses and how: {@code PG_URL} (null for the all-in-one's embedded PostgreSQL),
 * {@code PG_POOL_SIZE}, {@code DEMO_DATA} (whether to load the demo data set) and {@code PG_DATA_DIR} (where
 * the embedded PostgreSQL keeps its data; null for a temporary folder).
 */
public record DatabaseOptions(String url, int poolSize, boolean demoData, String dataDir) {

  public static DatabaseOptions from(Settings settings) {
    return new DatabaseOptions(settings.string("PG_URL"), settings.integer("PG_POOL_SIZE"),
        settings.flag("DEMO_DATA"), settings.string("PG_DATA_DIR"));
  }

  /** The server {@link #url()} names; only for a process given one. */
  public PgSettings pg() {
    return PgSettings.fromUrl(url);
  }
}
