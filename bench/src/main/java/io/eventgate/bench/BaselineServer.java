package io.eventgate.bench;

import io.eventgate.appointments.AppointmentStore;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The yardsticks of the benchmark: what a team would write by hand for the same read, with none of the
 * gateway's work (no registry, no token or session, no strict body reading, no event bus, no views). It
 * takes the same POST, runs the same SQL against the same database and answers the row as JSON.
 *
 * <p>Two flavours, each one verticle per event loop, each verticle with its own database client made in
 * {@code start()} and warmed (connections open, statement prepared) before it listens:
 * <ul>
 *   <li>{@code pool}: the <em>competent</em> baseline, what a careful engineer writes first: a pool
 *   ({@code PgBuilder.pool()});</li>
 *   <li>{@code pipelined}: the <em>tuned</em> baseline: the very pipelined client the appointments service
 *   reads through ({@code Database.pipelinedClient}: one connection per verticle, many queries in flight, the
 *   same planner setting), so many queries share one round trip and one PostgreSQL wake-up.</li>
 * </ul>
 *
 * <p>{@code java -cp eventgate-bench.jar io.eventgate.bench.BaselineServer <port> <PG_URL> <pool size per
 * verticle (pool only)> <event loops> <pool|pipelined>}
 */
public final class BaselineServer extends VerticleBase {

  /** The appointments service's own query, so both sides ask PostgreSQL for the same work. */
  static final String READ = AppointmentStore.READ;

  private final PgSettings pg;
  private final int port;
  private final int connections;
  private final boolean pipelined;
  private SqlClient client;

  private BaselineServer(PgSettings pg, int port, int connections, boolean pipelined) {
    this.pg = pg;
    this.port = port;
    this.connections = connections;
    this.pipelined = pipelined;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    PgSettings pg = PgSettings.fromUrl(args[1]);
    int connections = Integer.parseInt(args[2]);
    int loops = Integer.parseInt(args[3]);
    boolean pipelined = switch (args[4]) {
      case "pool" -> false;
      case "pipelined" -> true;
      default -> throw new IllegalArgumentException("pool or pipelined, not " + args[4]);
    };
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    Future.all(IntStream.range(0, loops)
            .mapToObj(i -> vertx.deployVerticle(new BaselineServer(pg, port, connections, pipelined)))
            .toList())
        .onSuccess(ok -> System.out.println("baseline listening on " + port))
        .onFailure(e -> {
          System.err.println("baseline did not start: " + e.getMessage());
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    client = pipelined ? Database.pipelinedClient(vertx, pg)
        : PgBuilder.pool().with(new PoolOptions().setMaxSize(connections)).connectingTo(pg.connectOptions())
            .using(vertx).build();
    // Every connection opened and the statement prepared before the first request, as a server warmed by
    // its readiness check would be: the first requests then measure the read, not the connecting.
    return Future.all(IntStream.range(0, connections * 2)
            .mapToObj(i -> client.preparedQuery(READ).execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(null)))
            .toList())
        .compose(warm -> vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
            .requestHandler(this::read)
            .listen());
  }

  private void read(HttpServerRequest request) {
    request.body().onComplete(body -> {
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
      client.preparedQuery(READ).execute(Tuple.tuple().addUUID(id).addUUID(null)).onComplete(rows -> {
        if (rows.failed()) {
          request.response().setStatusCode(500).end();
        } else if (rows.result().size() == 0) {
          request.response().setStatusCode(404).end();
        } else {
          request.response().putHeader("Content-Type", "application/json")
              .end(toJson(rows.result().iterator().next()).toBuffer());
        }
      });
    });
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
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
