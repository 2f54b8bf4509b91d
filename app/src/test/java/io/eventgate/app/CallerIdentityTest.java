package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.ERIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ContractVersion;
import io.eventgate.common.bus.ServiceRequest;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may name a caller on the real services (docs/EVENTBUS.md section 7): a caller signed with the
 * all-in-one's caller key is served; a bare one, one signed with another key or for another caller, or with
 * a hostile header, is {@code invalid-token} before the action runs; an internal caller acting for a user
 * exchanges the user's session token at {@code users · session_caller} and is served as that user; HTTP
 * clients notice nothing.
 */
class CallerIdentityTest {

  private static final Caller CLARA_CALLER = new Caller("10000000-0000-4000-8000-000000000001", null,
      "c0000000-0000-4000-8000-000000000001", null, null, null);
  private static final Caller ERIN_CALLER = new Caller("10000000-0000-4000-8000-000000000003", null, null,
      "e0000000-0000-4000-8000-000000000001", null, "b0000000-0000-4000-8000-000000000001");

  private final TestSystem system = TestSystem.get();
  private final EventBus bus = system.app().vertx().eventBus();
  private final CallerAssertions trusted = system.callers();

  @Test
  void theAllInOneMadeItsOwnKeyAndChecksCallers() {
    assertThat(trusted.checks()).isTrue();
    assertThat(system.app().settings().string("CALLER_KEY")).hasSizeGreaterThanOrEqualTo(CallerAssertions.MIN_KEY_BYTES);
  }

  @Test
  void aCallerSignedWithTheKeyIsServedAsThatCaller() {
    JsonObject reply = read(CLARA_CALLER, signed(CLARA_CALLER));
    assertThat(reply.getJsonObject("data").getString("_id")).isEqualTo(APPOINTMENT_1);
  }

  @Test
  void aForgedCallerIsInvalidTokenAtEveryService() {
    CallerAssertions otherKey = CallerAssertions.withKey("another-cluster-key-0123456789abcdef");
    // Erin is an employee of the appointment's business, who sees its notes: the caller worth forging.
    for (String address : List.of("appointments", "users")) {
      String elsewhere = address.equals("appointments") ? "users" : "appointments";
      JsonObject request = address.equals("appointments") ? readRequest(ERIN_CALLER)
          : new ServiceRequest("client_register", new JsonObject().put("first_name", "Mallory")
              .put("last_name", "Forger"), ERIN_CALLER, null).toJson();
      assertRefused(address, request, options());
      assertRefused(address, request, options().addHeader(CallerAssertions.HEADER,
          otherKey.sign(address, ERIN_CALLER)));
      // A good signature, but of another caller: Clara's.
      assertRefused(address, request, options().addHeader(CallerAssertions.HEADER,
          trusted.sign(address, CLARA_CALLER)));
      // A good signature of this caller, but for another service: what one service receives, it cannot replay.
      assertRefused(address, request, options().addHeader(CallerAssertions.HEADER,
          trusted.sign(elsewhere, ERIN_CALLER)));
    }
  }

  @Test
  void hostileOrRepeatedAssertionsAreInvalidTokenAndNeverLogged() {
    String good = trusted.sign("appointments", CLARA_CALLER);
    String marker = "forged-" + UUID.randomUUID();
    List<String> values = List.of("", " ", marker, good + "\u0000", "\u001b[2J" + good, good + "\r\nX: " + marker,
        good.replace("v1.", "v1.+"), "v1." + "9".repeat(10_000) + "." + marker, "\ud800" + marker,
        good.toUpperCase());
    for (String value : values) {
      assertRefused("appointments", readRequest(CLARA_CALLER), options().addHeader(CallerAssertions.HEADER, value));
    }
    assertRefused("appointments", readRequest(CLARA_CALLER),
        options().addHeader(CallerAssertions.HEADER, good).addHeader(CallerAssertions.HEADER, marker));
    assertThat(MemoryAppender.lines()).noneMatch(line -> line.contains(marker) || line.contains(good));
  }

  @Test
  void nobodyNeedsNoSignatureAndSeesWhatAStrangerSees() {
    JsonObject anonymous = new ServiceRequest("read", new JsonObject().put("_id", APPOINTMENT_1), Caller.ANONYMOUS,
        null).toJson();
    assertThatThrownBy(() -> bus.request("appointments", anonymous, options()).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.getMessage()).contains("\"invalid-param\""));
  }

  @Test
  void anInternalCallerActingForAUserExchangesTheSessionTokenAndIsServedAsThatUser() {
    String token = system.token(ERIN);
    JsonObject data = exchange(new JsonObject().put("token", token).put("address", "appointments"))
        .getJsonObject("data");
    Caller caller = Caller.fromJson(data.getJsonObject("caller"));
    assertThat(caller.userId()).isEqualTo(ERIN_CALLER.userId());
    assertThat(caller.employeeId()).isEqualTo(ERIN_CALLER.employeeId());
    assertThat(caller.businessId()).isEqualTo(ERIN_CALLER.businessId());
    assertThat(caller.sessionId()).isEqualTo(Jwts.sid(token));
    long expires = Instant.parse(data.getString("expires_at")).getEpochSecond();
    assertThat(expires - Instant.now().getEpochSecond()).isBetween(CallerAssertions.LIFETIME_SECONDS - 5L,
        (long) CallerAssertions.LIFETIME_SECONDS);

    // Signed for the appointments service, and for it only.
    assertRefused("users", new ServiceRequest("logout", new JsonObject(), caller, null).toJson(),
        options().addHeader(CallerAssertions.HEADER, data.getString("assertion")));
    JsonObject reply = read(caller, data.getString("assertion"));
    // Erin is an employee of the appointment's business: she sees it with its notes, as over HTTP.
    assertThat(reply.getJsonObject("data").getString("_id")).isEqualTo(APPOINTMENT_1);
    assertThat(reply.getJsonObject("data").encode())
        .isEqualTo(system.read(token, APPOINTMENT_1, "default").json().getJsonObject("data").encode());
  }

  @Test
  void aTokenThatIsNotGoodIsRefusedAsTheGatewayRefusesIt() {
    JsonObject toAppointments = new JsonObject().put("address", "appointments");
    assertExchangeRefused(toAppointments.copy(), "missing-param");
    assertExchangeRefused(toAppointments.copy().put("token", 42), "invalid-param");
    assertExchangeRefused(toAppointments.copy().put("token", ""), "invalid-token");
    assertExchangeRefused(toAppointments.copy().put("token", "not.a.token"), "invalid-token");
    assertExchangeRefused(toAppointments.copy().put("token", "x".repeat(100_000)), "invalid-token");
    String good = system.token(ERIN);
    assertExchangeRefused(new JsonObject().put("token", good), "missing-param");
    assertExchangeRefused(new JsonObject().put("token", good).put("address", 7), "invalid-param");
    assertExchangeRefused(new JsonObject().put("token", good).put("address", "appointments\n1"), "invalid-param");
    assertExchangeRefused(new JsonObject().put("token", good).put("address", "a".repeat(201)), "invalid-param");

    String token = system.token(CLARA);
    assertThat(system.post(TestSystem.LOGOUT, "{}", token).code()).isEqualTo(200);
    assertExchangeRefused(toAppointments.copy().put("token", token), "invalid-token");

    String old = system.token(CLARA);
    assertThat(system.update("UPDATE sessions SET created_at = now() - interval '8 days' WHERE id::text = ?",
        Jwts.sid(old))).isEqualTo(1);
    assertExchangeRefused(toAppointments.copy().put("token", old), "session-expired");
  }

  @Test
  void httpClientsNoticeNothing() {
    String token = system.token(CLARA);
    assertThat(system.read(token, APPOINTMENT_1, "uss_availability_view").json().getString("status"))
        .isEqualTo("action-successful");
  }

  private JsonObject read(Caller caller, String assertion) {
    return (JsonObject) bus.request("appointments", readRequest(caller),
        options().addHeader(CallerAssertions.HEADER, assertion)).await().body();
  }

  private JsonObject exchange(JsonObject params) {
    return (JsonObject) bus.request("users", new ServiceRequest("session_caller", params, Caller.ANONYMOUS, null)
        .toJson(), options()).await().body();
  }

  private void assertExchangeRefused(JsonObject params, String status) {
    assertThatThrownBy(() -> exchange(params)).as("%s", params.encode().length() > 200 ? "long" : params)
        .isInstanceOfSatisfying(ReplyException.class,
            e -> assertThat(new JsonObject(e.getMessage()).getString("status")).isEqualTo(status));
  }

  private void assertRefused(String address, JsonObject body, DeliveryOptions options) {
    assertThatThrownBy(() -> bus.request(address, body, options).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(401);
          assertThat(new JsonObject(e.getMessage()).getString("status")).isEqualTo("invalid-token");
        });
  }

  private String signed(Caller caller) {
    return trusted.sign("appointments", caller);
  }

  private static JsonObject readRequest(Caller caller) {
    return new ServiceRequest("read", new JsonObject().put("_id", APPOINTMENT_1), caller, null).toJson();
  }

  private static DeliveryOptions options() {
    return new DeliveryOptions().setSendTimeout(5_000)
        .addHeader(ContractVersion.HEADER, Integer.toString(ContractVersion.CURRENT));
  }
}
