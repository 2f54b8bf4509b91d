package io.eventgate.bench;

import io.eventgate.appointments.AppointmentStore;
import io.eventgate.common.config.Settings;
import io.eventgate.common.db.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The yardstick of the benchmark: what a team would write by hand for the same read, with none of the
 * gateway's work (no registry, no token or session, no strict body reading, no event bus, no views). It
 * takes the same POST, runs the same SQL against the same database and answers the row as JSON.
 *
 * <p>{@code java -cp eventgate-bench.jar io.eventgate.bench.BaselineServer <port> <PG_URL> <pool size> [event loops]}
 * (the benchmark leaves the event loops at Vert.x's default, as a hand-written server would)
 */
public final class BaselineServer extends VerticleBase {

  /** The appointments service's own query, so both sides ask PostgreSQL for the same work. */
  static final String READ = AppointmentStore.READ;

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
    Vertx vertx = loops > 0 ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops)) : Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(pg.connectOptions())
        .using(vertx)
        .build();
    int instances = loops > 0 ? loops : Settings.cores();
    Future.all(IntStream.range(0, instances)
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
