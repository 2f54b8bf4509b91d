package io.eventgate.gateway.notifications;

import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The SQL of operator notifications. */
public final class NotificationStore {

  private static final String UPSERT =
      "INSERT INTO notifications (fingerprint, window_start, status, route, detail, first_request_id,"
          + " last_request_id, count, first_trace_id, last_trace_id)"
          + " VALUES (md5($1 || '|' || $2 || '|' || $3), date_trunc('minute', now()), $1, $2, $3, $4, $5, $6, $7, $8)"
          + " ON CONFLICT (fingerprint, window_start) DO UPDATE SET count = notifications.count + EXCLUDED.count,"
          + " last_request_id = EXCLUDED.last_request_id, last_trace_id = EXCLUDED.last_trace_id,"
          + " last_seen_at = now()";
  private static final String PAGE =
      "SELECT id, status, route, detail, first_request_id, last_request_id, first_trace_id, last_trace_id, count,"
          + " first_seen_at, last_seen_at"
          + " FROM notifications ORDER BY last_seen_at DESC, id DESC LIMIT $1 OFFSET $2";

  private final Pool pool;

  public NotificationStore(Pool pool) {
    this.pool = pool;
  }

  Future<Void> add(List<Tuple> faults) {
    return pool.preparedQuery(UPSERT).executeBatch(faults).mapEmpty();
  }

  /** One page of notifications, newest first; pages count from 1. */
  public Future<JsonArray> page(int page, int pageSize) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(pageSize, (long) (page - 1) * pageSize)).map(rows -> {
      JsonArray list = new JsonArray();
      for (Row row : rows) {
        list.add(new JsonObject()
            .put("_id", row.getLong("id"))
            .put("status", row.getString("status"))
            .put("route", row.getString("route"))
            .put("request_id", row.getString("first_request_id"))
            .put("last_request_id", row.getString("last_request_id"))
            .put("trace_id", row.getString("first_trace_id"))
            .put("last_trace_id", row.getString("last_trace_id"))
            .put("count", row.getInteger("count"))
            .put("detail", row.getString("detail"))
            .put("first_seen_at", Rows.instant(row, "first_seen_at").toString())
            .put("last_seen_at", Rows.instant(row, "last_seen_at").toString()));
      }
      return list;
    });
  }
}
