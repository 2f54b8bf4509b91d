package io.eventgate.gateway.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.eventgate.gateway.registry.RegistryChange.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's SQL: reading a whole snapshot with its version, seeding from {@code conf/registry.json},
 * and the record operations of the admin API. Every write is a {@link RegistryChange}: one transaction that
 * names its author and becomes one version of the registry's history, which notifies the gateways (V10).
 */
public final class RegistryStore {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);

  private static final String SERVICE_COLUMNS = "name, address, deployed, timeout_ms, description, circuit_breaker";
  private static final String ROUTE_COLUMNS =
      "method, path, service, action, deployed, auth, sensitive_params, params, rate_limits, cors, description";
  private static final String VERSION = "SELECT version FROM registry_version";
  private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY";
  private static final String SELECT_SERVICES = "SELECT " + SERVICE_COLUMNS + " FROM services ORDER BY name";
  private static final String SELECT_ROUTES = "SELECT " + ROUTE_COLUMNS + " FROM routes ORDER BY path, method";
  private static final String SELECT_SERVICE = "SELECT " + SERVICE_COLUMNS + " FROM services WHERE name = $1";
  private static final String SELECT_ROUTE = "SELECT " + ROUTE_COLUMNS + " FROM routes WHERE method = $1 AND path = $2";
  private static final String INSERT_SERVICE = "INSERT INTO services (" + SERVICE_COLUMNS + ")"
      + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING";
  private static final String INSERT_ROUTE = "INSERT INTO routes (" + ROUTE_COLUMNS + ")"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (method, path) DO NOTHING";
  private static final String UPSERT_SERVICE = "INSERT INTO services (" + SERVICE_COLUMNS + ")"
      + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET address = EXCLUDED.address,"
      + " deployed = EXCLUDED.deployed, timeout_ms = EXCLUDED.timeout_ms, description = EXCLUDED.description,"
      + " circuit_breaker = EXCLUDED.circuit_breaker, updated_at = now() RETURNING (xmax = 0) AS created";
  private static final String UPSERT_ROUTE = "INSERT INTO routes (" + ROUTE_COLUMNS + ")"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (method, path) DO UPDATE SET"
      + " service = EXCLUDED.service, action = EXCLUDED.action, deployed = EXCLUDED.deployed, auth = EXCLUDED.auth,"
      + " sensitive_params = EXCLUDED.sensitive_params, params = EXCLUDED.params,"
      + " rate_limits = EXCLUDED.rate_limits, cors = EXCLUDED.cors, description = EXCLUDED.description, updated_at = now() RETURNING (xmax = 0) AS created";
  private static final String SELECT_DEFAULTS = "SELECT cors FROM registry_defaults";
  private static final String INSERT_DEFAULTS = "INSERT INTO registry_defaults (singleton, cors) VALUES (true, $1)"
      + " ON CONFLICT (singleton) DO NOTHING";
  private static final String UPSERT_DEFAULTS = "INSERT INTO registry_defaults (singleton, cors) VALUES (true, $1)"
      + " ON CONFLICT (singleton) DO UPDATE SET cors = EXCLUDED.cors, updated_at = now()";
  private static final String LOCK_SERVICE = "SELECT name FROM services WHERE name = $1 FOR SHARE";
  private static final String LOCK_SERVICE_FOR_DELETE = "SELECT name FROM services WHERE name = $1 FOR UPDATE";
  private static final String ROUTES_OF_SERVICE = "SELECT count(*) AS n FROM routes WHERE service = $1";
  private static final String DELETE_SERVICE = "DELETE FROM services WHERE name = $1";
  private static final String DELETE_ROUTE = "DELETE FROM routes WHERE method = $1 AND path = $2";
  private static final String NAME_CHANGE = "SELECT set_config('eventgate.author', $1, true),"
      + " set_config('eventgate.comment', coalesce($2, ''), true)";
  private static final String RECORD = "SELECT registry_record() AS version";
  private static final String DOCUMENT = "SELECT v.version, registry_document() AS registry FROM registry_version v";
  /**
   * Taken first by every change: changes made here follow one another, an import's diff is read with nothing
   * committing between it and the writes, and the locks are always taken in one order (the version row, then
   * records), so two changes cannot deadlock.
   */
  private static final String LOCK_VERSION = "SELECT version FROM registry_version FOR UPDATE";

  private final Pool pool;

  public RegistryStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The whole registry, read in one repeatable-read transaction so services, routes and version agree
   * with each other (a route is never seen without the service created with it).
   */
  public Future<RegistrySnapshot> load() {
    return readWhole().map(rows -> new RegistrySnapshot(routeRecords(rows.routes()),
        serviceRecords(rows.services()), toDefaults(rows.defaults()), rows.version()));
  }

  /**
   * The whole registry as stored, for the export: the document the history keeps too ({@code
   * registry_document()}, V10), read with its version in one transaction. Records are their columns as they
   * are — one changed in SQL past the rules is exported as written, not as the gateway serves it, so the
   * export never hides it.
   */
  public Future<JsonObject> export() {
    return pool.withTransaction(conn -> conn.query(REPEATABLE_READ).execute()
        .compose(v -> conn.query(DOCUMENT).execute())
        .map(rows -> {
          Row row = rows.iterator().next();
          JsonObject registry = (JsonObject) row.getValue("registry");
          if (registry.getValue("defaults") == null) {
            registry.put("defaults", RegistryDefaults.NONE.toJson());
          }
          return new JsonObject().put("version", row.getLong("version")).put("registry", registry);
        }));
  }

  /** Every row of the registry and its version, in one repeatable-read transaction. */
  private Future<WholeRegistry> readWhole() {
    return pool.withTransaction(conn -> conn.query(REPEATABLE_READ).execute()
        .compose(v -> conn.query(VERSION).execute())
        .compose(version -> conn.query(SELECT_SERVICES).execute()
            .compose(services -> conn.query(SELECT_ROUTES).execute()
                .compose(routes -> conn.query(SELECT_DEFAULTS).execute()
                    .map(defaults -> new WholeRegistry(version.iterator().next().getLong("version"), services,
                        routes, defaults))))));
  }

  private record WholeRegistry(long version, RowSet<Row> services, RowSet<Row> routes, RowSet<Row> defaults) {
  }

  public Future<Long> version() {
    return pool.query(VERSION).execute().map(rows -> rows.iterator().next().getLong("version"));
  }

  /**
   * Inserts the services, routes and defaults of the seed that the database lacks; never overwrites a
   * record.
   */
  public Future<Void> seed(JsonObject seed) {
    JsonObject defaults = seed.getJsonObject("defaults");
    Tuple defaultsRow = defaults == null ? null : defaultsTuple(RegistryDefaults.fromJson(defaults));
    List<Tuple> services = new ArrayList<>();
    for (Object item : seed.getJsonArray("services", new JsonArray())) {
      JsonObject json = ((JsonObject) item).copy();
      services.add(serviceTuple(RegistryJson.service((String) json.remove("name"), json)));
    }
    List<Tuple> routes = new ArrayList<>();
    for (Object item : seed.getJsonArray("routes", new JsonArray())) {
      JsonObject json = ((JsonObject) item).copy();
      routes.add(routeTuple(RegistryJson.route((String) json.remove("method"), (String) json.remove("path"), json)));
    }
    return change(RegistryChange.SEED, conn -> {
      Future<?> done = services.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(INSERT_SERVICE).executeBatch(services);
      return done.compose(v -> routes.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery(INSERT_ROUTE).executeBatch(routes))
          .compose(v -> defaultsRow == null ? Future.succeededFuture()
              : conn.preparedQuery(INSERT_DEFAULTS).execute(defaultsRow));
    }).mapEmpty();
  }

  /**
   * Runs {@code work} as one change of the registry: one transaction, named for the history, holding the
   * version row's lock from its start, recorded as one version at its end (or none, when it left the registry
   * as it was).
   */
  private <T> Future<Outcome<T>> change(RegistryChange change, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery(NAME_CHANGE)
        .execute(Tuple.of(change.author(), change.comment()))
        .compose(named -> conn.query(LOCK_VERSION).execute())
        .compose(locked -> work.apply(conn))
        .compose(result -> conn.query(RECORD).execute()
            .map(rows -> new Outcome<>(result, rows.iterator().next().getLong("version")))));
  }

  // ---- records, for the admin API ----

  public Future<List<ServiceRecord>> services() {
    return pool.query(SELECT_SERVICES).execute().map(RegistryStore::serviceRecords);
  }

  public Future<ServiceRecord> service(String name) {
    return pool.preparedQuery(SELECT_SERVICE).execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? null : toService(rows.iterator().next()));
  }

  /** Creates or replaces a service; the result is true when it was created. */
  public Future<Outcome<Boolean>> putService(RegistryChange change, ServiceRecord service) {
    return change(change, conn -> conn.preparedQuery(UPSERT_SERVICE).execute(serviceTuple(service))
        .map(rows -> rows.iterator().next().getBoolean("created")));
  }

  /**
   * Removes a service unless a route uses it: the result says which happened. The service row is locked
   * first, so a route being added to it (which share-locks the row) either commits before the count or
   * waits until the service is gone and then finds no service.
   */
  public Future<Outcome<Removal>> deleteService(RegistryChange change, String name) {
    return change(change, conn -> conn.preparedQuery(LOCK_SERVICE_FOR_DELETE).execute(Tuple.of(name))
        .compose(locked -> locked.size() == 0 ? Future.succeededFuture(Removal.NOT_FOUND)
            : conn.preparedQuery(ROUTES_OF_SERVICE).execute(Tuple.of(name))
                .compose(count -> count.iterator().next().getLong("n") > 0
                    ? Future.succeededFuture(Removal.IN_USE)
                    : conn.preparedQuery(DELETE_SERVICE).execute(Tuple.of(name)).map(rows -> Removal.REMOVED))));
  }

  public Future<List<RouteRecord>> routes() {
    return pool.query(SELECT_ROUTES).execute().map(RegistryStore::routeRecords);
  }

  public Future<RouteRecord> route(String method, String path) {
    return pool.preparedQuery(SELECT_ROUTE).execute(Tuple.of(method, path))
        .map(rows -> rows.size() == 0 ? null : toRoute(rows.iterator().next()));
  }

  /**
   * Creates or replaces a route whose service exists; the result is {@code null} when it does not. The
   * service row is share-locked meanwhile, so it cannot be deleted between the check and the write.
   */
  public Future<Outcome<Boolean>> putRoute(RegistryChange change, RouteRecord route) {
    return change(change, conn -> conn.preparedQuery(LOCK_SERVICE).execute(Tuple.of(route.service()))
        .compose(found -> found.size() == 0 ? Future.succeededFuture((Boolean) null)
            : upsertRoute(conn, route)));
  }

  /** The result is false when there was no such route. */
  public Future<Outcome<Boolean>> deleteRoute(RegistryChange change, String method, String path) {
    return change(change, conn -> conn.preparedQuery(DELETE_ROUTE).execute(Tuple.of(method, path))
        .map(rows -> rows.rowCount() > 0));
  }

  public Future<RegistryDefaults> defaults() {
    return pool.query(SELECT_DEFAULTS).execute().map(RegistryStore::toDefaults);
  }

  public Future<Outcome<Void>> putDefaults(RegistryChange change, RegistryDefaults defaults) {
    return change(change, conn -> conn.preparedQuery(UPSERT_DEFAULTS).execute(defaultsTuple(defaults))
        .<Void>mapEmpty());
  }

  // ---- whole documents, for import and rollback ----

  /** What applying {@code target} would change now. */
  public Future<RegistryDiff> diff(RegistryDocument target) {
    return pool.query(DOCUMENT).execute().map(rows -> RegistryDiff.between(document(rows), target));
  }

  /**
   * Makes the registry equal to {@code target} (checked by {@link RegistryDocument#checked}) in one change:
   * records created or changed are written, records the document lacks removed, all or nothing. The version
   * row is locked before the registry is read ({@link #change}), so the diff answered is the one applied.
   */
  public Future<Outcome<RegistryDiff>> apply(RegistryChange change, RegistryDocument target) {
    return change(change, conn -> conn.query(DOCUMENT).execute()
        .compose(rows -> {
          RegistryDiff diff = RegistryDiff.between(document(rows), target);
          return write(conn, diff).map(diff);
        }));
  }

  private static RegistryDocument document(RowSet<Row> rows) {
    return RegistryDocument.stored((JsonObject) rows.iterator().next().getValue("registry"));
  }

  /** Services first and routes last on the way in; routes first on the way out. No key ties them in SQL. */
  private static Future<Void> write(SqlConnection conn, RegistryDiff diff) {
    List<Tuple> services = new ArrayList<>();
    List<Tuple> routes = new ArrayList<>();
    List<Tuple> removedServices = new ArrayList<>();
    List<Tuple> removedRoutes = new ArrayList<>();
    Tuple defaults = null;
    for (RegistryDiff.Entry entry : concat(diff.created(), diff.changed())) {
      JsonObject record = entry.after().copy();
      switch (entry.kind()) {
        case DEFAULTS -> defaults = defaultsTuple(RegistryDefaults.fromJson(record));
        case SERVICE -> services.add(serviceTuple(RegistryJson.service(record.getString("name"), record)));
        case ROUTE -> routes.add(routeTuple(RegistryJson.route(record.getString("method"),
            record.getString("path"), record)));
      }
    }
    for (RegistryDiff.Entry entry : diff.removed()) {
      JsonObject record = entry.before();
      switch (entry.kind()) {
        case DEFAULTS -> { } // a document always has defaults: never removed
        case SERVICE -> removedServices.add(Tuple.of(record.getString("name")));
        case ROUTE -> removedRoutes.add(Tuple.of(record.getString("method"), record.getString("path")));
      }
    }
    Tuple defaultsRow = defaults;
    return batch(conn, UPSERT_SERVICE, services)
        .compose(v -> batch(conn, UPSERT_ROUTE, routes))
        .compose(v -> batch(conn, DELETE_ROUTE, removedRoutes))
        .compose(v -> batch(conn, DELETE_SERVICE, removedServices))
        .compose(v -> defaultsRow == null ? Future.succeededFuture()
            : conn.preparedQuery(UPSERT_DEFAULTS).execute(defaultsRow).mapEmpty());
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  private static List<RegistryDiff.Entry> concat(List<RegistryDiff.Entry> a, List<RegistryDiff.Entry> b) {
    List<RegistryDiff.Entry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** What became of a service removal. */
  public enum Removal { REMOVED, NOT_FOUND, IN_USE }

  private static Future<Boolean> upsertRoute(SqlConnection conn, RouteRecord route) {
    return conn.preparedQuery(UPSERT_ROUTE).execute(routeTuple(route))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  private static Tuple serviceTuple(ServiceRecord s) {
    return Tuple.of(s.name(), s.address(), s.deployed(), s.timeoutMs(), s.description(),
        s.circuitBreaker() == null ? null : s.circuitBreaker().toJson());
  }

  private static Tuple routeTuple(RouteRecord r) {
    return Tuple.of(r.method(), r.path(), r.service(), r.action(), r.deployed(), r.auth().code())
        .addValue(r.sensitiveParams())
        .addValue(RegistryJson.toJson(r).getJsonArray("params"))
        .addValue(r.rateLimits().toJson())
        .addValue(r.cors() == null ? null : r.cors().toJson())
        .addValue(r.description());
  }

  private static Tuple defaultsTuple(RegistryDefaults defaults) {
    return Tuple.of(defaults.cors().toJson());
  }

  /** No row, or a stored policy past the admin API's rules (changed in SQL), allows no origin. */
  private static RegistryDefaults toDefaults(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return RegistryDefaults.NONE;
    }
    try {
      return new RegistryDefaults(CorsPolicy.fromJson("cors", rows.iterator().next().getValue("cors")));
    } catch (InvalidRecordException e) {
      LOG.warn("the default CORS policy is treated as allowing no origin: field {}: {}", e.field(), e.getMessage());
      return RegistryDefaults.NONE;
    }
  }

  private static List<ServiceRecord> serviceRecords(RowSet<Row> rows) {
    List<ServiceRecord> list = new ArrayList<>();
    rows.forEach(row -> list.add(toService(row)));
    return list;
  }

  private static List<RouteRecord> routeRecords(RowSet<Row> rows) {
    List<RouteRecord> list = new ArrayList<>();
    rows.forEach(row -> list.add(toRoute(row)));
    return list;
  }

  /**
   * A service whose stored circuit breaker cannot be applied (changed in SQL past the admin API's rules) is
   * kept, undeployed, so its routes answer service-not-found, as a route with broken params is not served.
   */
  private static ServiceRecord toService(Row row) {
    String name = row.getString("name");
    boolean deployed = row.getBoolean("deployed");
    CircuitBreakerPolicy breaker = null;
    try {
      breaker = CircuitBreakerPolicy.fromJson(row.getValue("circuit_breaker"));
    } catch (InvalidRecordException e) {
      LOG.warn("service {} is treated as not deployed: field {}: {}", name, e.field(), e.getMessage());
      deployed = false;
    }
    return new ServiceRecord(name, row.getString("address"), deployed, row.getInteger("timeout_ms"),
        row.getString("description"), breaker);
  }

  /**
   * A route whose stored params or rate limits cannot be applied (changed in SQL past the admin API's rules) is
   * kept, undeployed, so it answers route-not-found.
   */
  private static RouteRecord toRoute(Row row) {
    String method = row.getString("method");
    String path = row.getString("path");
    boolean deployed = row.getBoolean("deployed");
    List<ParamSpec> params = List.of();
    Auth auth = Auth.NONE;
    RateLimits limits = RateLimits.NONE;
    CorsPolicy cors = null;
    try {
      if (!(row.getValue("params") instanceof JsonArray stored)) {
        throw new InvalidRecordException("params", "params must be a list of param specs");
      }
      params = RouteRecord.paramsFromJson(stored);
      auth = Auth.fromCode(row.getString("auth"));
      limits = RateLimits.fromJson(row.getValue("rate_limits"), auth);
      cors = RegistryJson.cors(row.getValue("cors"));
    } catch (InvalidRecordException e) {
      LOG.warn("route {} {} is treated as not deployed: field {}: {}", method, path, e.field(), e.getMessage());
      deployed = false;
    }
    return new RouteRecord(method, path, row.getString("service"), row.getString("action"), deployed, auth,
        row.getBoolean("sensitive_params"), params, limits, cors, row.getString("description"));
  }
}
