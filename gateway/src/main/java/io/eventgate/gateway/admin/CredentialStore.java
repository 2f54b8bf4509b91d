package io.eventgate.gateway.admin;

import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/** The SQL of named admin credentials: only the hash of a token ever reaches it. */
final class CredentialStore {

  private static final String LIST = "SELECT name, role, created_at, created_by, last_used_at"
      + " FROM admin_credentials ORDER BY name";
  private static final String INSERT = "INSERT INTO admin_credentials (name, role, token_hash, created_by)"
      + " VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING created_at";
  private static final String DELETE = "DELETE FROM admin_credentials WHERE name = $1";
  /** The lookup and the last-use stamp in one statement: it runs once per cache miss, not per request. */
  private static final String USE = "UPDATE admin_credentials SET last_used_at = now() WHERE token_hash = $1"
      + " RETURNING name, role";

  private final Pool pool;

  CredentialStore(Pool pool) {
    this.pool = pool;
  }

  /** Every stored credential by name: never a hash. */
  Future<JsonArray> list() {
    return pool.query(LIST).execute().map(rows -> {
      JsonArray list = new JsonArray();
      for (Row row : rows) {
        Instant lastUsed = Rows.instant(row, "last_used_at");
        list.add(new JsonObject()
            .put("name", row.getString("name"))
            .put("role", row.getString("role"))
            .put("created_at", Rows.instant(row, "created_at").toString())
            .put("created_by", row.getString("created_by"))
            .put("last_used_at", lastUsed == null ? null : lastUsed.toString()));
      }
      return list;
    });
  }

  /** Stores a new credential; completes with when it was created, or {@code null} when the name is taken. */
  Future<Instant> create(NewCredential credential, byte[] tokenHash, String createdBy) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(credential.name(), credential.role().code(), Buffer.buffer(tokenHash), createdBy))
        .map(rows -> rows.size() == 0 ? null : Rows.instant(rows.iterator().next(), "created_at"));
  }

  /** Removes a credential; completes with whether there was one. */
  Future<Boolean> delete(String name) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0);
  }

  /** The caller a token hash belongs to, stamping its last use; {@code null} when none does. */
  Future<AdminCaller> use(byte[] tokenHash) {
    return pool.preparedQuery(USE).execute(Tuple.of(Buffer.buffer(tokenHash))).map(CredentialStore::caller);
  }

  private static AdminCaller caller(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new AdminCaller(row.getString("name"), NewCredential.role(row.getString("role")));
  }
}
