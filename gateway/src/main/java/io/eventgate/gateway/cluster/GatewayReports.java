package io.eventgate.gateway.cluster;

import io.eventgate.common.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the gateways' reports (table {@code gateway_reports}), and the rules for reading them: a report is
 * <em>stale</em> once its writer has missed {@value #STALE_AFTER_REPORTS} reports in a row, and is left out (and
 * deleted) once it has missed {@value #GONE_AFTER_REPORTS} — a gateway killed without a graceful stop shows as
 * stale for that long, then goes. Ages are measured on the database's clock and judged by each writer's own
 * interval, so neither a gateway's clock nor the reader's setting changes them.
 */
public final class GatewayReports {

  static final int STALE_AFTER_REPORTS = 3;
  static final int GONE_AFTER_REPORTS = 60;

  private static final String MS = " * interval '1 millisecond'";
  private static final String UPSERT = "INSERT INTO gateway_reports (gateway_id, pid, host, http, admin,"
      + " registry_version, loaded_at, circuit_breakers, report_ms, started_at, reported_at)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) ON CONFLICT (gateway_id) DO UPDATE SET"
      + " registry_version = EXCLUDED.registry_version, loaded_at = EXCLUDED.loaded_at,"
      + " circuit_breakers = EXCLUDED.circuit_breakers, report_ms = EXCLUDED.report_ms, reported_at = now()";
  private static final String DELETE = "DELETE FROM gateway_reports WHERE gateway_id = $1";
  private static final String DELETE_GONE = "DELETE FROM gateway_reports"
      + " WHERE reported_at < now() - report_ms * " + GONE_AFTER_REPORTS + MS;
  private static final String SELECT = "SELECT gateway_id, pid, host, http, admin, registry_version, loaded_at,"
      + " circuit_breakers, report_ms, started_at, reported_at,"
      + " (extract(epoch FROM now() - reported_at) * 1000)::bigint AS age_ms,"
      + " reported_at < now() - report_ms * " + STALE_AFTER_REPORTS + MS + " AS stale"
      + " FROM gateway_reports WHERE reported_at >= now() - report_ms * " + GONE_AFTER_REPORTS + MS
      + " ORDER BY started_at, gateway_id";

  private final Pool pool;

  public GatewayReports(Pool pool) {
    this.pool = pool;
  }

  /** Writes (or rewrites) one gateway's report, stamped with the database's time, and drops reports long gone. */
  Future<Void> write(GatewayIdentity gateway, Long registryVersion, Instant loadedAt, JsonArray circuitBreakers,
      long reportMs) {
    Tuple row = Tuple.of(gateway.id(), gateway.pid(), gateway.host(), gateway.http(), gateway.admin())
        .addLong(registryVersion).addOffsetDateTime(utc(loadedAt)).addValue(circuitBreakers)
        .addInteger((int) reportMs).addOffsetDateTime(utc(gateway.startedAt()));
    return pool.preparedQuery(UPSERT).execute(row)
        .compose(v -> pool.preparedQuery(DELETE_GONE).execute())
        .mapEmpty();
  }

  /** Removes one gateway's report: it is stopping and will not serve again. */
  Future<Void> remove(String gatewayId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(gatewayId)).mapEmpty();
  }

  /** Every report not yet gone, oldest gateway first, with its age and whether it is stale. */
  Future<List<Report>> list() {
    return pool.preparedQuery(SELECT).execute().map(rows -> {
      List<Report> reports = new ArrayList<>();
      for (Row row : rows) {
        reports.add(new Report(row.getString("gateway_id"), row.getLong("pid"), row.getString("host"),
            row.getString("http"), row.getString("admin"), row.getLong("registry_version"),
            Rows.instant(row, "loaded_at"), (JsonArray) row.getValue("circuit_breakers"),
            Rows.instant(row, "started_at"), Rows.instant(row, "reported_at"), row.getLong("age_ms"),
            row.getBoolean("stale")));
      }
      return reports;
    });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** One gateway's last report, as read back. */
  record Report(String id, long pid, String host, String http, String admin, Long registryVersion,
                Instant loadedAt, JsonArray circuitBreakers, Instant startedAt, Instant reportedAt, long ageMs,
                boolean stale) {

    JsonObject toJson(long currentVersion) {
      return new JsonObject().put("id", id).put("pid", pid).put("host", host).put("http", http).put("admin", admin)
          .put("registry_version", registryVersion).put("loaded_at", text(loadedAt))
          .put("behind", registryVersion == null || registryVersion < currentVersion)
          .put("started_at", text(startedAt)).put("reported_at", text(reportedAt)).put("age_ms", ageMs)
          .put("stale", stale).put("circuit_breakers", circuitBreakers);
    }

    private static String text(Instant instant) {
      return instant == null ? null : instant.toString();
    }
  }
}
