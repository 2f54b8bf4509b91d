package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.app.BusRecorder.Exchange;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ContractVersion;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceRequest;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract version of docs/EVENTBUS.md on the real services: a request without the
 * {@code contract-version} header, or with the current version, is served; any other value — odd, hostile,
 * repeated — is answered once with {@code invalid-encoded-params} before the message is read, by every
 * service, and never written into a log line.
 */
class EventBusVersionTest {

  private static final String PREFIX = "bus-version-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Caller CLARA_CALLER = new Caller("10000000-0000-4000-8000-000000000001", null,
      "c0000000-0000-4000-8000-000000000001", null, null, null);
  private static final JsonObject READ = new ServiceRequest("read",
      new JsonObject().put("_id", APPOINTMENT_1).put("view", "uss_availability_view"), CLARA_CALLER, null).toJson();
  /** A value that would flood a log line, and one that would rewrite a terminal and forge a second line. */
  private static final String LONG = "1".repeat(10 * 1024);
  private static final String FORGING = "\u001b[2J1\r\n12:00:00.000 INFO  forged - line";
  private static final List<String> REFUSED = List.of("", " ", "01", "1.0", "1 ", "+1", "0", "2", "10", "v1",
      "\u0661" /* ARABIC-INDIC DIGIT ONE */, "\uff11" /* FULLWIDTH DIGIT ONE */, "\u00e9", "1\u0000", LONG, FORGING);

  private final TestSystem system = TestSystem.get();
  private final EventBus bus = system.app().vertx().eventBus();

  @Test
  void aRequestWithoutTheHeaderIsReadAsTheCurrentVersion() {
    Message<Object> reply = bus.request("appointments", READ, options()).await();
    assertThat(((JsonObject) reply.body()).getString("status")).isEqualTo("action-successful");
  }

  @Test
  void aRequestOfTheCurrentVersionIsServed() {
    Message<Object> reply = bus.request("appointments", READ,
        options().addHeader(ContractVersion.HEADER, Integer.toString(ContractVersion.CURRENT))).await();
    assertThat(((JsonObject) reply.body()).getString("status")).isEqualTo("action-successful");
  }

  @Test
  void theTypedClientSendsTheCurrentVersionAndIsServed() {
    assertThat(new ServiceClient(bus, system.callers()).request("appointments", ServiceRequest.fromJson(READ, "v", 0, null), 5_000)
        .await().data().getString("_id")).isEqualTo(APPOINTMENT_1);
  }

  @Test
  void everyOtherValueIsRefusedOnceWithInvalidEncodedParamsByEveryService() {
    try (BusRecorder recorder = BusRecorder.install(bus, PREFIX)) {
      for (String address : List.of("appointments", "users")) {
        for (String value : REFUSED) {
          assertRefused(address, options().addHeader(ContractVersion.HEADER, value), value);
        }
        assertRefused(address, options().addHeader(ContractVersion.HEADER, "1").addHeader(ContractVersion.HEADER, "1"),
            "the header twice");
      }
      TestSystem.sleep(200); // room for a second answer, which must never come
      List<Exchange> exchanges = recorder.exchanges();
      assertThat(exchanges).hasSize(2 * (REFUSED.size() + 1));
      assertThat(exchanges).allSatisfy(exchange -> assertThat(exchange.answers()).hasSize(1));
    }
  }

  @Test
  void aVersionThatIsNotKnownIsRefusedBeforeTheBodyIsRead() {
    // A body no version could hold still gets the version's answer: nothing of the message was read.
    assertThatThrownBy(() -> bus.request("appointments", "not json", options()
            .addHeader(ContractVersion.HEADER, "2")).await())
        .isInstanceOfSatisfying(ReplyException.class, failure -> assertThat(
            new JsonObject(failure.getMessage()).getString("message")).contains(ContractVersion.HEADER));
  }

  @Test
  void aRefusedValueNeverReachesALogLine() {
    for (String value : REFUSED) {
      bus.request("appointments", READ, options().addHeader(ContractVersion.HEADER, value)).otherwiseEmpty().await();
    }
    List<String> refusals = MemoryAppender.lines().stream()
        .filter(line -> line.contains("refused a request of contract version")).toList();
    assertThat(refusals).anySatisfy(line -> assertThat(line).contains("contract version '2'"));
    assertThat(refusals).anySatisfy(line -> assertThat(line).contains(LONG.length() + " characters"));
    for (String line : refusals) {
      assertThat(line).hasSizeLessThan(400).doesNotContain("1111111111", "forged", "\u001b", "\u0000", "\u0661",
          "\uff11", "\u00e9");
      assertThat(line.strip().lines()).hasSize(1);
    }
  }

  private void assertRefused(String address, DeliveryOptions options, String what) {
    assertThatThrownBy(() -> bus.request(address, READ, options).await())
        .as(what)
        .isInstanceOfSatisfying(ReplyException.class, failure -> {
          assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
          assertThat(failure.failureCode()).isEqualTo(Status.INVALID_ENCODED_PARAMS.httpStatus());
          JsonObject json = new JsonObject(failure.getMessage());
          assertThat(json.getString("status")).isEqualTo(Status.INVALID_ENCODED_PARAMS.code());
          assertThat(json.getString("message"))
              .contains(ContractVersion.HEADER + ": " + ContractVersion.CURRENT);
        });
  }

  /** Signed for Clara, as a trusted internal caller signs: what is refused here is refused for its version. */
  private DeliveryOptions options() {
    return new DeliveryOptions().setSendTimeout(5_000)
        .addHeader(ServiceClient.REQUEST_ID_HEADER, PREFIX + SEQUENCE.incrementAndGet())
        .addHeader(CallerAssertions.HEADER, system.callers().sign("appointments", CLARA_CALLER));
  }
}
