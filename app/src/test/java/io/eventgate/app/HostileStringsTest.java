package io.eventgate.app;

import static io.eventgate.app.StatusCatalogTest.assertStatus;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.db.Database;
import io.eventgate.gateway.notifications.NotificationStore;
import io.eventgate.gateway.notifications.Notifier;
import io.eventgate.gateway.users.UsersVerticle;
import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, defects 2 and 3: strings PostgreSQL cannot store (U+0000, a lone surrogate) are refused as
 * {@code invalid-param} naming the param — through HTTP, the admin API and the event bus alike — and
 * nothing is written; a password followed by NULs does not log in.
 */
class HostileStringsTest {

  private static final String REGISTER = "/api/v1/users/client_register";
  /** Sent as JSON escapes ({@code \}{@code u0000}, {@code \}{@code ud800}): see {@link #escapedJson}. */
  private static final String[] UNSTORABLE = {"\0", "\0\0\0", "\0Reg", "Reg\0", "R\0eg", "\ud800", "\udc00",
      "Reg\ud800", "\udc00Reg", "x".repeat(90) + "\0"};

  private final TestSystem system = TestSystem.get();
  private final ServiceClient bus = new ServiceClient(system.app().vertx().eventBus(), system.callers());

  @Test
  void clientRegisterRefusesUnstorableStringsNamingTheParamAndWritesNothing() {
    String email = system.newUser("nul");
    String token = system.token(email);
    for (String text : UNSTORABLE) {
      JsonObject valid = new JsonObject().put("first_name", "Reg").put("last_name", "Istered").put("phone", "+1 555");
      for (String param : new String[] {"first_name", "last_name", "phone"}) {
        Answer answer = postSensitive(REGISTER, valid.copy().put(param, text), token);
        assertStatus(answer, 400, "invalid-param");
        assertThat(answer.param()).isEqualTo(param);
      }
    }
    assertThat(clients(email)).isZero();
  }

  @Test
  void aRawNulInsideTheJsonOfABase64BodyIsNotJson() {
    String token = system.token(system.newUser("nul"));
    byte[] json = "{\"first_name\":\"Reg\0\",\"last_name\":\"Istered\"}".getBytes(StandardCharsets.UTF_8);
    Answer answer = system.post(REGISTER, Base64.getEncoder().encodeToString(json), token);
    assertStatus(answer, 400, "invalid-encoded-params");
  }

  @Test
  void aSurrogatePairIsStoredAsItWasSent() {
    String email = system.newUser("emoji");
    Answer answer = postSensitive(REGISTER, new JsonObject().put("first_name", "Zo\u00eb \ud83d\ude00")
        .put("last_name", "\ud83c\udf89"), system.token(email));
    assertStatus(answer, 200, "action-successful");
    assertThat(system.queryValue("SELECT c.first_name || '|' || c.last_name FROM clients c JOIN users u"
        + " ON u.id = c.user_id WHERE u.email = ?", email)).isEqualTo("Zo\u00eb \ud83d\ude00|\ud83c\udf89");
  }

  @Test
  void aPasswordFollowedByNulsDoesNotLogInAndTheAnswerSaysNothingOfTheAccount() {
    for (String password : new String[] {PASSWORD + "\0", PASSWORD + "\0\0\0\0", "\0" + PASSWORD,
        PASSWORD + "\ud800", PASSWORD + "\udc00"}) {
      Answer known = login(CLARA, password);
      Answer unknown = login("nobody-" + UUID.randomUUID() + "@demo.test", password);
      for (Answer answer : new Answer[] {known, unknown}) {
        assertStatus(answer, 400, "invalid-param");
        assertThat(answer.param()).isEqualTo("password");
        assertThat(answer.json().containsKey("session")).isFalse();
      }
      assertThat(known.json().getString("message")).isEqualTo(unknown.json().getString("message"));
    }
  }

  @Test
  void overTheBusANulPasswordNeverLogsInAndTheAnswerSaysNothingOfTheAccount() throws Exception {
    for (String password : new String[] {PASSWORD + "\0", PASSWORD + "\0\0\0", PASSWORD + "\ud800"}) {
      ApiException known = busFailure("login", new JsonObject().put("email", CLARA).put("password", password),
          Caller.ANONYMOUS);
      ApiException unknown = busFailure("login", new JsonObject().put("email", "nobody@demo.test")
          .put("password", password), Caller.ANONYMOUS);
      for (ApiException refused : new ApiException[] {known, unknown}) {
        assertThat(refused.status().code()).isEqualTo("invalid-param");
        assertThat(refused.param()).isEqualTo("password");
      }
      assertThat(known.getMessage()).isEqualTo(unknown.getMessage());
    }
    ApiException email = busFailure("login", new JsonObject().put("email", CLARA + "\0").put("password", PASSWORD),
        Caller.ANONYMOUS);
    assertThat(email.status().code()).isEqualTo("invalid-param");
    assertThat(email.param()).isEqualTo("email");
  }

  @Test
  void overTheBusClientRegisterRefusesNulNamingTheParamAndWritesNothing() throws Exception {
    String email = system.newUser("bus");
    JsonObject session = system.login(email, PASSWORD, false).json().getJsonObject("session");
    Caller caller = new Caller(session.getString("user_id"), session.getString("_id"), null, null, null, null);
    for (String param : new String[] {"first_name", "last_name", "phone"}) {
      JsonObject params = new JsonObject().put("first_name", "Bus").put("last_name", "Caller").put(param, "x\0");
      ApiException refused = busFailure("client_register", params, caller);
      assertThat(refused.status().code()).isEqualTo("invalid-param");
      assertThat(refused.param()).isEqualTo(param);
    }
    assertThat(clients(email)).isZero();
  }

  @Test
  void overTheBusACallerWhoseIdsAreNotUuidsIsAnInvalidTokenNotACrash() throws Exception {
    String email = system.newUser("bus");
    JsonObject session = system.login(email, PASSWORD, false).json().getJsonObject("session");
    JsonObject params = new JsonObject().put("first_name", "Bus").put("last_name", "Caller");
    for (Caller caller : new Caller[] {
        new Caller(session.getString("user_id"), session.getString("_id") + "\0", null, null, null, null),
        new Caller(session.getString("user_id") + "\0", session.getString("_id"), null, null, null, null),
        new Caller(session.getString("user_id"), "\0", null, null, null, null),
        new Caller(session.getString("user_id"), session.getString("_id"), null, null, "\ud800", null)}) {
      assertThat(busFailure("client_register", params, caller).status().code()).isEqualTo("invalid-token");
    }
    assertThat(clients(email)).isZero();
  }

  @Test
  void adminRecordsWithUnstorableStringsAreRefusedAndNotWritten() {
    JsonObject service = new JsonObject().put("address", "nul.ops");
    for (String text : UNSTORABLE) {
      assertInvalid(admin("PUT", "/admin/services/nul-ops", service.copy().put("description", text)),
          "description");
      assertInvalid(admin("PUT", "/admin/services/nul-ops", service.copy().put("address", text)), "address");
      JsonObject spec = new JsonObject().put("name", "v").put("type", "string");
      JsonObject route = new JsonObject().put("service", "appointments").put("action", "read").put("auth", "none");
      assertInvalid(admin("PUT", "/admin/routes/POST/nul/ops", route.copy().put("description", text)),
          "description");
      assertInvalid(admin("PUT", "/admin/routes/POST/nul/ops", route.copy().put("params",
          new JsonArray().add(spec.copy().put("default", text)))), "params[0].default");
      assertInvalid(admin("PUT", "/admin/routes/POST/nul/ops", route.copy().put("params",
          new JsonArray().add(spec.copy().put("values", new JsonArray().add("ok").add(text))))), "params[0].values");
      assertInvalid(admin("PUT", "/admin/routes/POST/nul/ops", route.copy().put("params",
          new JsonArray().add(spec.copy().put("name", text)))), "params[0].name");
    }
    assertThat(system.queryValue("SELECT count(*) FROM services WHERE name = 'nul-ops'")).isEqualTo(0L);
    assertThat(system.queryValue("SELECT count(*) FROM routes WHERE path = '/nul/ops'")).isEqualTo(0L);
  }

  @Test
  void adminPathSegmentsHoldingNulNameNoRecordAndCrashNothing() {
    for (String method : new String[] {"GET", "DELETE", "PUT"}) {
      assertInvalid(system.admin(method, "/admin/services/%00", method.equals("PUT")
          ? new JsonObject().put("address", "nul.ops") : null), "name");
      assertInvalid(system.admin(method, "/admin/services/ops%00", null), "name");
    }
    assertInvalid(system.admin("GET", "/admin/notifications?page=1%00", null), "page");
    assertInvalid(system.admin("GET", "/admin/notifications?page=%00", null), "page");
  }

  @Test
  void aFaultWhoseDetailQuotesNulIsStillRecordedAsANotification() throws Exception {
    // An exception's message may quote what a client sent; the notification must survive it.
    String marker = "nul-detail-" + UUID.randomUUID();
    Pool pool = Database.pool(system.app().vertx(), system.pg(), 1);
    try {
      Notifier notifier = new Notifier(new NotificationStore(pool));
      notifier.start(system.app().vertx());
      notifier.record(ApiException.crash(new IllegalStateException(marker + " bad name 'a\0b\ud800'")),
          "POST /nul\0route", "nul-request-1");
      notifier.stop().await();
    } finally {
      pool.close().await();
    }
    assertThat(system.queryValue("SELECT route || ' ' || detail FROM notifications WHERE detail LIKE ?",
        "%" + marker + "%")).isEqualTo("POST /nul\uFFFDroute java.lang.IllegalStateException: " + marker
        + " bad name 'a\uFFFDb\uFFFD'");
  }

  /**
   * {@code json} with every character beyond ASCII written as a JSON escape. JsonObject.encode() leaves a
   * lone surrogate raw, and a raw one cannot be sent as UTF-8 (it would arrive as '?'); escaped, it arrives.
   */
  static String escapedJson(JsonObject json) {
    StringBuilder out = new StringBuilder();
    for (char c : json.encode().toCharArray()) {
      out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  private Answer postSensitive(String path, JsonObject body, String token) {
    return system.post(path, Base64.getEncoder().encodeToString(escapedJson(body).getBytes(StandardCharsets.UTF_8)),
        token);
  }

  private Answer login(String email, String password) {
    return postSensitive(TestSystem.LOGIN, new JsonObject().put("email", email).put("password", password), null);
  }

  private Answer admin(String method, String path, JsonObject body) {
    return system.send(HttpRequest.newBuilder(URI.create(system.app().adminUrl() + path))
        .header("Authorization", "Bearer " + TestSystem.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(escapedJson(body))));
  }

  private static void assertInvalid(Answer answer, String param) {
    assertStatus(answer, 400, "invalid-param");
    assertThat(answer.param()).isEqualTo(param);
  }

  private long clients(String email) {
    return (Long) system.queryValue("SELECT count(*) FROM clients c JOIN users u ON u.id = c.user_id"
        + " WHERE u.email = ?", email);
  }

  private ApiException busFailure(String action, JsonObject params, Caller caller) {
    try {
      ServiceReply reply = bus.request(UsersVerticle.ADDRESS, new ServiceRequest(action, params, caller, "internal-nul"),
          10_000).await();
      throw new AssertionError("expected a failure, got " + reply.toJson());
    } catch (ApiException e) {
      return e;
    }
  }
}
