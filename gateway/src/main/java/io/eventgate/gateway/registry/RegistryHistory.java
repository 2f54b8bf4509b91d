package io.eventgate.gateway.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Reads the registry's history ({@code registry_versions}, migration V10): which versions there are, who made
 * each and why, and what each held. The versions are written by the database itself, one per committed change.
 */
public final class RegistryHistory {

  private static final String PAGE = "SELECT version, created_at, author, comment FROM registry_versions"
      + " ORDER BY version DESC LIMIT $1 OFFSET $2";
  private static final String ONE = "SELECT v.version, v.created_at, v.author, v.comment, v.registry,"
      + " p.version AS previous_version, p.registry AS previous_registry FROM registry_versions v"
      + " LEFT JOIN LATERAL (SELECT version, registry FROM registry_versions WHERE version < v.version"
      + " ORDER BY version DESC LIMIT 1) p ON true WHERE v.version = $1";
  private static final String DOCUMENT = "SELECT registry FROM registry_versions WHERE version = $1";

  private final Pool pool;

  public RegistryHistory(Pool pool) {
    this.pool = pool;
  }

  /** The versions of one page, newest first: version, when, author and comment. */
  public Future<JsonArray> page(int page, int size) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(size, (long) (page - 1) * size)).map(rows -> {
      JsonArray versions = new JsonArray();
      rows.forEach(row -> versions.add(summary(row)));
      return versions;
    });
  }

  /**
   * One version: its summary, the whole registry as it was, and its diff to the version before it ({@code
   * previous} and {@code diff} are null for the first version history holds); null when there is none.
   */
  public Future<JsonObject> version(long version) {
    return pool.preparedQuery(ONE).execute(Tuple.of(version)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      JsonObject registry = (JsonObject) row.getValue("registry");
      Object previous = row.getValue("previous_registry");
      RegistryDiff diff = previous == null ? null : RegistryDiff.between(
          RegistryDocument.stored((JsonObject) previous), RegistryDocument.stored(registry));
      return summary(row).put("registry", registry).put("previous", row.getLong("previous_version"))
          .put("diff", diff == null ? null : diff.toJson());
    });
  }

  /** The registry as version {@code version} held it, or null when history has no such version. */
  public Future<JsonObject> document(long version) {
    return pool.preparedQuery(DOCUMENT).execute(Tuple.of(version))
        .map(rows -> rows.size() == 0 ? null : (JsonObject) rows.iterator().next().getValue("registry"));
  }

  private static JsonObject summary(Row row) {
    return new JsonObject().put("version", row.getLong("version"))
        .put("created_at", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("author", row.getString("author")).put("comment", row.getString("comment"));
  }
}
