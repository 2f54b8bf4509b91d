package io.eventgate.app;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.db.PgSettings;
import io.eventgate.testkit.Answer;
import io.eventgate.testkit.FreePorts;
import io.eventgate.testkit.GatewayClient;
import io.eventgate.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The whole system, started once per test JVM exactly as {@code ./run.sh} starts it ({@link AllInOne}),
 * on an embedded PostgreSQL — or on {@code PG_URL} when that is set — plus a few test-only registry
 * records and event-bus consumers that make every registry status reachable.
 */
public final class TestSystem {

  public static final String JWT_SECRET = "eventgate-tests-secret-0123456789abcdefghijklmnop";
  public static final String ISSUER = "eventgate";
  public static final String AUDIENCE = "eventgate-api";
  public static final int BODY_LIMIT = 65_536;
  public static final String PASSWORD = "demo-pass-2026";
  public static final String ADMIN_TOKEN = "eventgate-tests-admin-token-0123456789";
  public static final int MANDRILL_TIMEOUT_MS = 500;
  public static final int BODY_TIMEOUT_MS = 2_000;
  /**
   * The tests' client is a trusted proxy, and {@link #send} says each request comes from a client address of
   * its own unless the test names one in {@code X-Forwarded-For}: hundreds of logins in one JVM stay clear of
   * the login route's per-address limit, and the rate-limit tests choose their addresses.
   */
  public static final String TRUSTED_PROXY = "127.0.0.1";
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  public static final String CLARA = "clara.client@demo.test";
  public static final String COLIN = "colin.client@demo.test";
  public static final String ERIN = "erin.employee@demo.test";
  public static final String LIAM = "liam.liaison@demo.test";
  public static final String NORA = "nora.norole@demo.test";

  public static final String APPOINTMENT_1 = "a0000000-0000-4000-8000-000000000001";
  public static final String APPOINTMENT_2 = "a0000000-0000-4000-8000-000000000002";
  public static final String APPOINTMENT_3 = "a0000000-0000-4000-8000-000000000003";

  public static final String READ = GatewayClient.READ;
  public static final String LOGIN = GatewayClient.LOGIN;
  public static final String LOGOUT = "/api/v1/users/logout";

  private static TestSystem instance;

  private final AllInOne app;
  private final PgSettings pg;
  private final MandrillStub mandrill;
  private final GatewayClient client;

  private TestSystem(AllInOne app, PgSettings pg, MandrillStub mandrill) {
    this.app = app;
    this.pg = pg;
    this.mandrill = mandrill;
    this.client = new GatewayClient(app.baseUrl(), HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build(), Duration.ofSeconds(20), TestSystem::fromSomeClient);
  }

  public static synchronized TestSystem get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        throw new IllegalStateException("the test system did not start", e);
      }
    }
    return instance;
  }

  private static TestSystem start() throws Exception {
    TestDatabase database = TestDatabase.start(() -> EmbeddedDatabase.start(null), EmbeddedDatabase::settings);
    PgSettings pg = database.pg();
    TestRegistry.insert(pg);
    MandrillStub mandrill = new MandrillStub(freePort());
    mandrill.start();
    AllInOne app = AllInOne.start(new JsonObject()
        .put("PG_URL", pg.url())
        .put("HTTP_PORT", freePort())
        .put("ADMIN_PORT", freePort())
        .put("ADMIN_TOKEN", ADMIN_TOKEN)
        .put("MANDRILL_URL", mandrill.url())
        .put("MANDRILL_KEY", "test-mandrill-key")
        .put("MANDRILL_TIMEOUT_MS", MANDRILL_TIMEOUT_MS)
        .put("BODY_TIMEOUT_MS", BODY_TIMEOUT_MS)
        .put("JWT_SECRET", JWT_SECRET)
        .put("JWT_ISSUER", ISSUER)
        .put("JWT_AUDIENCE", AUDIENCE)
        .put("BODY_LIMIT_BYTES", BODY_LIMIT)
        .put("TRUSTED_PROXIES", TRUSTED_PROXY)
        .put("DEMO_DATA", true));
    deployTestConsumers(app);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      try {
        database.close();
      } catch (Exception e) {
        // the JVM is ending anyway
      }
    }));
    return new TestSystem(app, pg, mandrill);
  }

  /** Consumers behind the test routes of {@link TestRegistry}. */
  private static void deployTestConsumers(AllInOne app) throws Exception {
    var bus = app.vertx().eventBus();
    ServiceConsumer.register(bus, TestRegistry.ECHO_ADDRESS, Map.of("echo", request -> Future.succeededFuture(
        ServiceReply.of(new JsonObject().put("params", request.params()).put("caller", request.caller().toJson())
            .put("request_id", request.requestId())))))
        .completion().await();
    ServiceConsumer.register(bus, TestRegistry.CRASH_ADDRESS, Map.of(
        "crash", request -> {
          throw new IllegalStateException(TestRegistry.SECRET_DETAIL);
        },
        "email", request -> Future.failedFuture(new ApiException(Status.MANDRILL_EMAIL_FAILED))))
        .completion().await();
    // Answers outside the contract: a failure whose text is not the contract's JSON.
    bus.consumer(TestRegistry.BROKEN_ADDRESS, message -> message.fail(500, TestRegistry.SECRET_DETAIL))
        .completion().await();
    // Answers after a while: slower than a short timeout, faster than the default one.
    ServiceConsumer.register(bus, TestRegistry.DELAY_ADDRESS, Map.of("echo", request -> {
      Promise<ServiceReply> later = Promise.promise();
      app.vertx().setTimer(TestRegistry.DELAY_MS, id -> later.complete(ServiceReply.of(new JsonObject()
          .put("delayed", true))));
      return later.future();
    })).completion().await();
    // Never answers: the route's timeout decides.
    bus.consumer(TestRegistry.SLOW_ADDRESS, message -> { })
        .completion().await();
  }

  /**
   * Signs callers with the key the all-in-one made for itself (none is configured here, so the default is
   * what every test runs on): the tests that send on the bus are internal callers the operator trusts.
   */
  public CallerAssertions callers() {
    return CallerAssertions.withKey(app.settings().string("CALLER_KEY"));
  }

  public AllInOne app() {
    return app;
  }

  public PgSettings pg() {
    return pg;
  }

  public String baseUrl() {
    return client.baseUrl();
  }

  MandrillStub mandrill() {
    return mandrill;
  }

  /** GET on the admin listener; {@code authorization} is the whole header value, or null for none. */
  public Answer admin(String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.adminUrl() + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  /** Any method on the admin listener with the admin token; {@code body} may be null. */
  public Answer admin(String method, String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(app.adminUrl() + path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  // ---- HTTP, through the gateway client of the testkit; a failure to get an answer fails the test ----

  /** The client behind the methods below, for a test that wants to handle a connection error itself. */
  public GatewayClient client() {
    return client;
  }

  public Answer send(HttpRequest.Builder request) {
    return answer(() -> client.send(request));
  }

  /** Says the request comes from {@link #someClient()} unless it names its own client address. */
  private static HttpRequest fromSomeClient(HttpRequest request) {
    if (request.headers().firstValue(FORWARDED_FOR).isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true).header(FORWARDED_FOR, someClient()).build();
  }

  /** A client address of its own (198.18.0.0/15, the range set aside for tests of network devices). */
  public static String someClient() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  public HttpRequest.Builder request(String path) {
    return client.request(path);
  }

  /** POST with raw bytes; {@code contentType} and {@code token} may be null to send none. */
  public Answer post(String path, String contentType, byte[] body, String token) {
    return answer(() -> client.post(path, contentType, body, token));
  }

  public Answer post(String path, String body, String token) {
    return answer(() -> client.post(path, body, token));
  }

  public Answer post(String path, JsonObject body, String token) {
    return answer(() -> client.post(path, body, token));
  }

  /** POST to a {@code sensitive_params} route: the body is base64 of the JSON object. */
  public Answer postSensitive(String path, JsonObject body, String token) {
    return answer(() -> client.postSensitive(path, body, token));
  }

  public Answer read(String token, String id, String view) {
    return answer(() -> client.read(token, id, view));
  }

  public Answer login(String email, String password, boolean rememberMe) {
    return answer(() -> client.login(email, password, rememberMe));
  }

  /** Logs in as the client at {@code client} (sent as {@code X-Forwarded-For}: the tests' client is a proxy). */
  public Answer loginFrom(String client, String email, String password) {
    String body = GatewayClient.sensitive(new JsonObject().put("email", email).put("password", password));
    return send(request(LOGIN).header("Content-Type", "application/json").header(FORWARDED_FOR, client)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Logs in with the demo password and returns the new session's token. */
  public String token(String email) {
    Answer answer = login(email, PASSWORD, false);
    if (answer.code() != 200) {
      throw new IllegalStateException("login of " + email + " failed: " + answer);
    }
    return answer.json().getJsonObject("session").getString("token");
  }

  private interface Exchange {
    Answer send() throws IOException, InterruptedException;
  }

  private static Answer answer(Exchange exchange) {
    try {
      return exchange.send();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new user with the demo password and no client, employee or liaison record (like Nora); its email. */
  public String newUser(String prefix) {
    String email = prefix + "-" + UUID.randomUUID() + "@demo.test";
    update("INSERT INTO users (id, email, password_hash, first_name, last_name)"
        + " SELECT ?::uuid, ?, password_hash, 'New', 'User' FROM users WHERE email = ?",
        UUID.randomUUID().toString(), email, NORA);
    return email;
  }

  // ---- SQL, for arranging what HTTP cannot (a session's age) and checking what it wrote ----

  /** Runs a script of several statements, as psql would: a transaction in it is the script's own. */
  public void script(String sql) {
    try (Connection connection = jdbc(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public int update(String sql, Object... params) {
    try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Object queryValue(String sql, Object... params) {
    try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public <T> T queryValue(Class<T> type, String sql, Object... params) {
    try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1, type) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
  }

  /** Waits, for a test that polls until the system has caught up (a registry reload, say). */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static int freePort() {
    return FreePorts.one();
  }
}
