package io.eventgate.gateway.session;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** The SQL of sessions. Every time comes from the database's clock. */
public final class SessionStore {

  private static final String FIND =
      "SELECT s.id, s.user_id, s.remember_me, s.created_at, s.last_used_at, s.revoked_at IS NOT NULL AS revoked,"
          + " now() AS db_now, c.id AS client_id, e.id AS employee_id, e.business_id, l.id AS liaison_id"
          + " FROM sessions s"
          + " LEFT JOIN clients c ON c.user_id = s.user_id"
          + " LEFT JOIN employees e ON e.user_id = s.user_id"
          + " LEFT JOIN liaisons l ON l.user_id = s.user_id"
          + " WHERE s.id = $1";
  private static final String CREATE =
      "INSERT INTO sessions (id, user_id, remember_me) VALUES ($1, $2, $3)"
          + " RETURNING created_at, last_used_at, now() AS db_now";
  private static final String REVOKE =
      "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL";
  // The condition keeps concurrent writers from different processes to one write a minute as well.
  private static final String TOUCH =
      "UPDATE sessions SET last_used_at = now() WHERE id = ANY($1) AND last_used_at < now() - interval '1 minute'";

  private final Pool pool;

  public SessionStore(Pool pool) {
    this.pool = pool;
  }

  /** The session with this id and its user's records, or {@code null} when there is none. */
  public Future<SessionRecord> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      String userId = row.getUUID("user_id").toString();
      Caller caller = new Caller(userId, id.toString(), text(row.getUUID("client_id")),
          text(row.getUUID("employee_id")), text(row.getUUID("liaison_id")), text(row.getUUID("business_id")));
      return new SessionRecord(id, userId, row.getBoolean("remember_me"), Rows.instant(row, "created_at"),
          Rows.instant(row, "last_used_at"), row.getBoolean("revoked"), caller, Rows.instant(row, "db_now"));
    });
  }

  public Future<SessionRecord> create(UUID userId, boolean rememberMe) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(CREATE).execute(Tuple.of(id, userId, rememberMe)).map(rows -> {
      Row row = rows.iterator().next();
      Caller caller = new Caller(userId.toString(), id.toString(), null, null, null, null);
      return new SessionRecord(id, userId.toString(), rememberMe, Rows.instant(row, "created_at"),
          Rows.instant(row, "last_used_at"), false, caller, Rows.instant(row, "db_now"));
    });
  }

  public Future<Boolean> revoke(UUID id) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** Writes {@code last_used_at} of these sessions, each unless another gateway did within the minute. */
  public Future<RowSet<Row>> touch(List<UUID> ids) {
    return pool.preparedQuery(TOUCH).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])));
  }


  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }
}
