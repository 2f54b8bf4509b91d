package io.eventgate.gateway.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry's SQL: reading a whole snapshot, and seeding from {@code conf/registry.json}. */
public final class RegistryStore {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);

  private static final String SELECT_SERVICES =
      "SELECT name, address, deployed, timeout_ms, description FROM services";
  private static final String SELECT_ROUTES =
      "SELECT method, path, service, action, deployed, auth, sensitive_params, params, description FROM routes";
  private static final String INSERT_SERVICE =
      "INSERT INTO services (name, address, deployed, timeout_ms, description) VALUES ($1, $2, $3, $4, $5) "
          + "ON CONFLICT (name) DO NOTHING";
  private static final String INSERT_ROUTE =
      "INSERT INTO routes (method, path, service, action, deployed, auth, sensitive_params, params, description) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (method, path) DO NOTHING";

  private final Pool pool;

  public RegistryStore(Pool pool) {
    this.pool = pool;
  }

  public Future<RegistrySnapshot> load() {
    return pool.withConnection(conn -> conn.query(SELECT_SERVICES).execute()
        .compose(services -> conn.query(SELECT_ROUTES).execute()
            .map(routes -> {
              List<ServiceRecord> serviceRecords = new ArrayList<>();
              services.forEach(row -> serviceRecords.add(toService(row)));
              List<RouteRecord> routeRecords = new ArrayList<>();
              routes.forEach(row -> routeRecords.add(toRoute(row)));
              return new RegistrySnapshot(routeRecords, serviceRecords);
            })));
  }

  /** Inserts the services and routes of the seed that the database lacks; never overwrites a record. */
  public Future<Void> seed(JsonObject seed) {
    List<Tuple> services = new ArrayList<>();
    for (Object item : seed.getJsonArray("services", new JsonArray())) {
      JsonObject s = (JsonObject) item;
      services.add(Tuple.of(s.getString("name"), s.getString("address"), s.getBoolean("deployed", true),
          s.getInteger("timeout_ms", 5000), s.getString("description", "")));
    }
    List<Tuple> routes = new ArrayList<>();
    for (Object item : seed.getJsonArray("routes", new JsonArray())) {
      JsonObject r = (JsonObject) item;
      JsonArray params = r.getJsonArray("params", new JsonArray());
      RouteRecord.paramsFromJson(params);
      Auth.fromCode(r.getString("auth"));
      routes.add(Tuple.of(r.getString("method"), r.getString("path"), r.getString("service"),
              r.getString("action"), r.getBoolean("deployed", true), r.getString("auth"))
          .addValue(r.getBoolean("sensitive_params", false))
          .addValue(params)
          .addValue(r.getString("description", "")));
    }
    return pool.withTransaction(conn -> {
      Future<?> done = services.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(INSERT_SERVICE).executeBatch(services);
      return done.compose(v -> routes.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(INSERT_ROUTE).executeBatch(routes));
    }).mapEmpty();
  }

  private static ServiceRecord toService(Row row) {
    return new ServiceRecord(row.getString("name"), row.getString("address"), row.getBoolean("deployed"),
        row.getInteger("timeout_ms"), row.getString("description"));
  }

  /** A route whose stored params cannot be applied is kept, undeployed, so it answers route-not-found. */
  private static RouteRecord toRoute(Row row) {
    String method = row.getString("method");
    String path = row.getString("path");
    boolean deployed = row.getBoolean("deployed");
    List<ParamSpec> params = List.of();
    Auth auth = Auth.NONE;
    try {
      Object stored = row.getValue("params");
      params = RouteRecord.paramsFromJson(stored instanceof JsonArray array ? array : new JsonArray());
      auth = Auth.fromCode(row.getString("auth"));
    } catch (InvalidRecordException e) {
      LOG.warn("route {} {} is treated as not deployed: field {}: {}", method, path, e.field(), e.getMessage());
      deployed = false;
    }
    return new RouteRecord(method, path, row.getString("service"), row.getString("action"), deployed, auth,
        row.getBoolean("sensitive_params"), params, row.getString("description"));
  }
}
