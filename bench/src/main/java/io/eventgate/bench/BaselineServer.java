package io.eventgate.bench;

import io.eventgate.common.db.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The yardstick of the benchmark: what a team would write by hand for the same read, with none of the
 * gateway's work (no registry, no token or session, no strict body reading, no event bus, no views). It
 * takes the same POST, runs the same SQL against the same database and answers the row as JSON.
 *
 * <p>{@code java -cp eventgate-bench.jar io.eventgate.bench.BaselineServer <port> <PG_URL> <pool size>}
 */
public final class BaselineServer extends VerticleBase {

  /** The appointments service's query, word for word, so both sides ask PostgreSQL for the same work. */
  static final String READ =
      "SELECT a.id, a.business_id, a.client_id, a.employee_id, a.service_name, a.status, a.starts_at,"
          + " a.duration_minutes, a.timezone, a.location_name, a.location_address, a.notes,"
          + " a.reminder_email, a.reminder_sms, a.reminder_minutes_before, a.created_at, a.updated_at,"
          + " c.first_name AS client_first_name, c.last_name AS client_last_name, c.email AS client_email,"
          + " e.first_name AS employee_first_name, e.last_name AS employee_last_name,"
          + " EXISTS (SELECT 1 FROM liaison_clients lc"
          + "         WHERE lc.client_id = a.client_id AND lc.liaison_id = $2::uuid) AS liaison_linked"
          + " FROM appointments a"
          + " JOIN clients c ON c.id = a.client_id"
          + " JOIN employees e ON e.id = a.employee_id"
          + " WHERE a.id = $1";

  private final Pool pool;
  private final int port;

  private BaselineServer(Pool pool, int port) {
    this.pool = pool;
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    PgSettings pg = PgSettings.fromUrl(args[1]);
    int poolSize = Integer.parseInt(args[2]);
    int loops = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Vertx vertx = loops > 0 ? Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(loops)) : Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(pg.connectOptions())
        .using(vertx)
        .build();
    int instances = loops > 0 ? loops : Runtime.getRuntime().availableProcessors();
    Future.all(java.util.stream.IntStream.range(0, instances)
            .mapToObj(i -> vertx.deployVerticle(new BaselineServer(pool, port)))
            .toList())
        .onSuccess(ok -> System.out.println("baseline listening on " + port))
        .onFailure(e -> {
          System.err.println("baseline did not start: " + e.getMessage());
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
        .requestHandler(request -> request.body().onComplete(body -> {
          if (body.failed()) {
            request.response().setStatusCode(400).end();
            return;
          }
          UUID id;
          try {
            id = UUID.fromString(body.result().toJsonObject().getString("_id"));
          } catch (RuntimeException e) {
            request.response().setStatusCode(400).end();
            return;
          }
          pool.preparedQuery(READ).execute(Tuple.tuple().addUUID(id).addUUID(null)).onComplete(rows -> {
            if (rows.failed()) {
              request.response().setStatusCode(500).end();
            } else if (rows.result().size() == 0) {
              request.response().setStatusCode(404).end();
            } else {
              request.response().putHeader("Content-Type", "application/json")
                  .end(toJson(rows.result().iterator().next()).toBuffer());
            }
          });
        }))
        .listen();
  }

  private static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      json.put(row.getColumnName(i), value == null ? null : value instanceof Boolean || value instanceof Number
          ? value : value.toString());
    }
    return new JsonObject().put("status", "action-successful").put("data", json);
  }
}
