package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.APPOINTMENT_2;
import static io.eventgate.app.TestSystem.APPOINTMENT_3;
import static io.eventgate.app.TestSystem.CLARA;
import static io.eventgate.app.TestSystem.ERIN;
import static io.eventgate.app.TestSystem.LIAM;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.app.BusRecorder.Exchange;
import io.eventgate.appointments.AppointmentViews;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ContractVersion;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.testkit.Answer;
import io.eventgate.testkit.GatewayClient;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schemas of docs/EVENTBUS.md against real traffic: the system as {@code ./run.sh} starts it, on a real
 * event bus and PostgreSQL, is driven through HTTP (the gateway forwards) and through {@link ServiceClient}
 * (an internal caller) with every action, every view, and failures; every request and answer is recorded on the
 * bus as it was sent ({@link BusRecorder}) and checked against its schema. Requests an internal caller gets wrong
 * are refused by the service and by the schema alike, and each real message with one field missing, added or of
 * the wrong type is refused by its schema, so the schemas say something.
 */
class EventBusSchemasTest {

  private static final String PREFIX = "bus-schemas-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  /** Request ids of requests written to the contract; the others are wrong on purpose. */
  private static final String CONFORMING = PREFIX + "ok-";
  private static final String MALFORMED = PREFIX + "bad-";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** Keys the contract lets a sender or a service leave out (docs/EVENTBUS.md). */
  private static final Set<String> OPTIONAL = Set.of("view", "notes", "remember_me", "phone", "param", "detail",
      "retry_after_seconds");
  /** Real messages each schema is mutated from: a few are enough to reach every field. */
  private static final int SEEDS_PER_SCHEMA = 3;

  private static final String BUSINESS = "b0000000-0000-4000-8000-000000000001";
  private static final Caller CLARA_CALLER = new Caller("10000000-0000-4000-8000-000000000001", null,
      "c0000000-0000-4000-8000-000000000001", null, null, null);
  private static final Caller ERIN_CALLER = new Caller("10000000-0000-4000-8000-000000000003", null, null,
      "e0000000-0000-4000-8000-000000000001", null, BUSINESS);
  private static final Caller LIAM_CALLER = new Caller("10000000-0000-4000-8000-000000000004", null, null, null,
      "d0000000-0000-4000-8000-000000000001", null);

  private static BusSchemas schemas;
  private static List<Exchange> traffic;

  @BeforeAll
  static void driveEveryKindOfRequest() {
    TestSystem system = TestSystem.get();
    schemas = BusSchemas.load();
    system.mandrill().mode(MandrillStub.Mode.SENT);
    try (BusRecorder recorder = BusRecorder.install(system.app().vertx().eventBus(), PREFIX)) {
      throughHttp(system);
      throughTheTypedClient(new ServiceClient(system.app().vertx().eventBus(), system.callers()));
      throughSessionCallers(system, new ServiceClient(system.app().vertx().eventBus()));
      TestSystem.sleep(200); // room for a second answer, which must never come
      traffic = recorder.exchanges();
    }
  }

  // ---- the traffic ----

  private static void throughHttp(TestSystem system) {
    String clara = login(system, CLARA, false);
    String erin = login(system, ERIN, true);
    String liam = login(system, LIAM, false);
    for (String view : AppointmentViews.VIEWS.keySet()) {
      expect(read(system, clara, APPOINTMENT_1, view), "action-successful");
      expect(read(system, erin, APPOINTMENT_3, view), "action-successful"); // with notes
      expect(read(system, erin, APPOINTMENT_2, view), "action-successful"); // notes null, no reminder time
      expect(read(system, liam, APPOINTMENT_1, view), "action-successful");
    }
    expect(read(system, clara, APPOINTMENT_2, "default"), "invalid-param"); // not hers
    expect(read(system, erin, "a0000000-0000-4000-8000-00000000ffff", "default"), "invalid-param"); // no such one
    expect(http(system, TestSystem.LOGIN, new JsonObject().put("email", CLARA).put("password", "not-hers"), null,
        true), "invalid-param");

    String newcomer = login(system, system.newUser("bus-schemas"), false);
    JsonObject register = new JsonObject().put("first_name", "Bus").put("last_name", "Schemas");
    expect(http(system, "/api/v1/users/client_register", register.copy().put("phone", "+1 972 555 0100"), newcomer,
        true), "action-successful");
    expect(http(system, "/api/v1/users/client_register", register, newcomer, true), "invalid-param");
    String phoneless = login(system, system.newUser("bus-schemas"), false);
    expect(http(system, "/api/v1/users/client_register", register, phoneless, true), "action-successful");
    expect(http(system, TestSystem.LOGOUT, new JsonObject(), newcomer, false), "action-successful");
  }

  private static void throughTheTypedClient(ServiceClient client) {
    for (String view : AppointmentViews.VIEWS.keySet()) {
      call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_3).put("view", view), ERIN_CALLER);
      call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_1).put("view", view), LIAM_CALLER);
    }
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_1), CLARA_CALLER); // view left out
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_1.toUpperCase()), CLARA_CALLER);
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_2), CLARA_CALLER); // not hers
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_1), Caller.ANONYMOUS); // nobody's

    call(client, MALFORMED, "read", new JsonObject(), CLARA_CALLER);
    call(client, MALFORMED, "read", new JsonObject().put("_id", "not-a-uuid"), CLARA_CALLER);
    call(client, MALFORMED, "read", new JsonObject().put("_id", 42), CLARA_CALLER);
    call(client, MALFORMED, "read", new JsonObject().put("_id", "{" + APPOINTMENT_1 + "}"), CLARA_CALLER);
    call(client, MALFORMED, "read", new JsonObject().put("_id", APPOINTMENT_1).put("view", "raw"), CLARA_CALLER);
    call(client, MALFORMED, "read", new JsonObject().put("_id", APPOINTMENT_1),
        new Caller("clara", null, null, null, null, null));
    call(client, MALFORMED, "delete", new JsonObject().put("_id", APPOINTMENT_1), ERIN_CALLER);
  }

  private static String login(TestSystem system, String email, boolean rememberMe) {
    Answer answer = http(system, TestSystem.LOGIN, new JsonObject().put("email", email)
        .put("password", TestSystem.PASSWORD).put("remember_me", rememberMe), null, true);
    expect(answer, "action-successful");
    return answer.json().getJsonObject("session").getString("token");
  }

  private static Answer read(TestSystem system, String token, String id, String view) {
    return http(system, GatewayClient.READ, new JsonObject().put("_id", id).put("view", view), token, false);
  }

  private static Answer http(TestSystem system, String path, JsonObject body, String token, boolean sensitive) {
    HttpRequest.Builder request = system.request(path).header("Content-Type", "application/json")
        .header("X-Request-Id", CONFORMING + SEQUENCE.incrementAndGet())
        .POST(HttpRequest.BodyPublishers.ofString(sensitive ? GatewayClient.sensitive(body) : body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return system.send(request);
  }

  private static void expect(Answer answer, String status) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
  }

  /** An internal caller without the key: the signed caller of a session, then reads with it. */
  private static void throughSessionCallers(TestSystem system, ServiceClient client) {
    String token = login(system, ERIN, false);
    JsonObject data = exchange(client, CONFORMING, new JsonObject().put("token", token).put("address",
        "appointments"));
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_3),
        Caller.fromJson(data.getJsonObject("caller")), data.getString("assertion"));
    exchange(client, CONFORMING, new JsonObject().put("token", "not.a.token").put("address", "appointments"));
    // A caller named without the signature, by a sender without the key: the body is the contract's, the
    // refusal (invalid-token) is about the missing header.
    call(client, CONFORMING, "read", new JsonObject().put("_id", APPOINTMENT_1), CLARA_CALLER, null);
    exchange(client, MALFORMED, new JsonObject().put("token", 42).put("address", "appointments"));
    exchange(client, MALFORMED, new JsonObject().put("address", "appointments"));
  }

  private static JsonObject exchange(ServiceClient client, String kind, JsonObject params) {
    return client.request("users", new ServiceRequest("session_caller", params, Caller.ANONYMOUS,
            kind + SEQUENCE.incrementAndGet()), 5_000)
        .map(ServiceReply::data).otherwiseEmpty().await();
  }

  private static void call(ServiceClient client, String kind, String action, JsonObject params, Caller caller,
      String assertion) {
    client.request("appointments", new ServiceRequest(action, params, caller, kind + SEQUENCE.incrementAndGet()),
            assertion, 5_000)
        .otherwiseEmpty().await();
  }

  /** Sends through the typed client; its outcome is read from the recording, not from here. */
  private static void call(ServiceClient client, String kind, String action, JsonObject params, Caller caller) {
    client.request("appointments", new ServiceRequest(action, params, caller, kind + SEQUENCE.incrementAndGet()),
            5_000)
        .otherwiseEmpty().await();
  }

  // ---- what the traffic shows ----

  @Test
  void everyRequestMatchesTheSchemaOfItsActionAndCarriesTheContractVersion() {
    List<Exchange> conforming = conforming();
    assertThat(conforming).hasSizeGreaterThan(30);
    for (Exchange exchange : conforming) {
      String schema = BusSchemas.request(exchange.address(), exchange.json().getString("action"));
      assertValid(schema, exchange.json(), exchange);
      assertThat(exchange.headers().getAll(ContractVersion.HEADER)).as(exchange.requestId())
          .containsExactly(ContractVersion.header());
      assertThat(exchange.headers().get(ServiceClient.TIMEOUT_HEADER)).as(exchange.requestId()).isNotNull();
    }
    // The gateway also says whom it forwards for; an internal caller does not.
    assertThat(conforming).anyMatch(exchange -> exchange.headers().contains(ServiceClient.CLIENT_ADDRESS_HEADER))
        .anyMatch(exchange -> !exchange.headers().contains(ServiceClient.CLIENT_ADDRESS_HEADER));
  }

  @Test
  void everyRequestGetsExactlyOneAnswerAndItMatchesItsSchema() {
    assertThat(traffic).isNotEmpty();
    for (Exchange exchange : traffic) {
      assertThat(exchange.answers()).as(exchange.requestId()).hasSize(1);
      Object answer = exchange.answers().get(0);
      if (answer instanceof ReplyException failure) {
        assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
        JsonObject json = new JsonObject(failure.getMessage());
        assertValid(BusSchemas.FAILURE, json, exchange);
        assertThat(failure.failureCode()).as("%s: the catalog's HTTP code for %s", exchange.requestId(), json)
            .isEqualTo(Status.fromCode(json.getString("status")).httpStatus());
      } else {
        assertValid(replySchema(exchange), answer, exchange);
      }
    }
  }

  @Test
  void whatTheServiceRefusesFromAnInternalCallerTheSchemaRefusesToo() {
    List<Exchange> malformed = traffic.stream().filter(exchange -> exchange.requestId().startsWith(MALFORMED))
        .toList();
    assertThat(malformed).hasSize(9);
    for (Exchange exchange : malformed) {
      assertThat(exchange.answers()).as(exchange.requestId()).singleElement().isInstanceOf(ReplyException.class);
      String schema = BusSchemas.request(exchange.address(), exchange.json().getString("action"));
      if (schemas.exists(schema)) {
        assertThat(schemas.validate(schema, exchange.json()).getValid()).as("%s %s", schema, exchange.json())
            .isFalse();
      }
    }
    assertThat(failureStatuses(malformed))
        .containsOnly("missing-param", "invalid-param", "invalid-token", "application-crash")
        .contains("missing-param", "invalid-param", "invalid-token", "application-crash");
  }

  @Test
  void everySchemaIsMetByRealTraffic() {
    Set<String> met = new HashSet<>();
    for (Exchange exchange : conforming()) {
      met.add(BusSchemas.request(exchange.address(), exchange.json().getString("action")));
      Object answer = exchange.answers().get(0);
      met.add(answer instanceof ReplyException ? BusSchemas.FAILURE : replySchema(exchange));
    }
    assertThat(met).containsExactlyInAnyOrderElementsOf(schemas.names().stream()
        .filter(name -> !name.equals(BusSchemas.TYPES)).toList());
  }

  @Test
  void aRealMessageWithAFieldMissingAddedOrOfTheWrongTypeIsRefused() {
    Map<String, List<JsonObject>> seeds = new HashMap<>();
    for (Exchange exchange : conforming()) {
      seed(seeds, BusSchemas.request(exchange.address(), exchange.json().getString("action")), exchange.json());
      Object answer = exchange.answers().get(0);
      if (answer instanceof ReplyException failure) {
        seed(seeds, BusSchemas.FAILURE, new JsonObject(failure.getMessage()));
      } else {
        seed(seeds, replySchema(exchange), (JsonObject) answer);
      }
    }
    int refused = 0;
    for (Map.Entry<String, List<JsonObject>> schema : seeds.entrySet()) {
      for (JsonObject seed : schema.getValue()) {
        assertThat(schemas.validate(schema.getKey(), seed).getValid()).isTrue();
        for (Mutation mutation : mutations(seed)) {
          assertThat(schemas.validate(schema.getKey(), mutation.message()).getValid())
              .as("%s accepts %s: %s", schema.getKey(), mutation.what(), mutation.message()).isFalse();
          refused++;
        }
      }
    }
    assertThat(refused).isGreaterThan(300);
  }

  @Test
  void theSchemasListTheStatusesAndViewsTheCodeHas() {
    assertThat(BusSchemas.json(BusSchemas.FAILURE).getJsonObject("properties").getJsonObject("status")
        .getJsonArray("enum").getList())
        .containsExactlyElementsOf(Stream.of(Status.values()).filter(status -> status != Status.ACTION_SUCCESSFUL)
            .map(Status::code).toList());
    assertThat(BusSchemas.json(BusSchemas.request("appointments", "read")).getJsonObject("properties")
        .getJsonObject("params").getJsonObject("properties").getJsonObject("view").getJsonArray("enum").getList())
        .containsExactlyElementsOf(AppointmentViews.VIEWS.keySet());
  }

  @Test
  void theGuideLinksEverySchemaAndStatesTheVersionTheCodeSends() throws Exception {
    String guide = Files.readString(Repository.root().resolve("docs/EVENTBUS.md"));
    for (String name : schemas.names()) {
      assertThat(guide).as(name).contains("(../client/src/main/resources/eventbus/" + name + ")");
    }
    assertThat(guide).contains("`" + ContractVersion.HEADER + ": " + ContractVersion.header() + "`");
  }

  // ---- helpers ----

  private static List<Exchange> conforming() {
    return traffic.stream().filter(exchange -> exchange.requestId().startsWith(CONFORMING)).toList();
  }

  private static String replySchema(Exchange exchange) {
    return BusSchemas.reply(exchange.address(), exchange.json().getString("action"),
        exchange.json().getJsonObject("params"));
  }

  private static List<String> failureStatuses(List<Exchange> exchanges) {
    return exchanges.stream().map(exchange -> (ReplyException) exchange.answers().get(0))
        .map(failure -> new JsonObject(failure.getMessage()).getString("status")).toList();
  }

  private static void assertValid(String schema, Object message, Exchange exchange) {
    OutputUnit verdict = schemas.validate(schema, message);
    assertThat(verdict.getValid()).as("%s: %s against %s: %s", exchange.requestId(), message, schema,
        verdict.getErrors()).isTrue();
  }

  private static void seed(Map<String, List<JsonObject>> seeds, String schema, JsonObject message) {
    List<JsonObject> some = seeds.computeIfAbsent(schema, name -> new ArrayList<>());
    if (some.size() < SEEDS_PER_SCHEMA) {
      some.add(message);
    }
  }

  private record Mutation(String what, JsonObject message) {
  }

  /**
   * For every object in {@code message}: the same message with a key added to it, with each of its keys
   * removed (unless the contract lets it be left out), and with each value replaced by one of another type.
   */
  private static List<Mutation> mutations(JsonObject message) {
    List<Mutation> mutations = new ArrayList<>();
    collect(message, "", message, mutations);
    return mutations;
  }

  private static void collect(JsonObject root, String path, JsonObject node, List<Mutation> out) {
    out.add(mutate(root, path, "an extra key at " + path, object -> object.put("unexpected", "x")));
    for (String key : List.copyOf(node.fieldNames())) {
      String at = path + "/" + key;
      if (!OPTIONAL.contains(key)) {
        out.add(mutate(root, path, "no " + at, object -> object.remove(key)));
      }
      Object value = node.getValue(key);
      out.add(mutate(root, path, "another type at " + at, object -> object.put(key, otherType(value))));
      if (value instanceof JsonObject child) {
        collect(root, at, child, out);
      }
    }
  }

  private static Mutation mutate(JsonObject root, String path, String what, Consumer<JsonObject> change) {
    JsonObject copy = root.copy();
    JsonObject node = copy;
    for (String key : path.split("/")) {
      if (!key.isEmpty()) {
        node = node.getJsonObject(key);
      }
    }
    change.accept(node);
    return new Mutation(what, copy);
  }

  /** A value no field of the contract accepts where {@code value} was accepted. */
  private static Object otherType(Object value) {
    if (value instanceof String) {
      return 42;
    }
    if (value instanceof Number) {
      return "42";
    }
    if (value instanceof Boolean) {
      return "true";
    }
    if (value == null) {
      return true;
    }
    return new JsonArray(); // an object
  }
}
