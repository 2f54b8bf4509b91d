package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.APPOINTMENT_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.AppointmentsClient;
import io.eventgate.common.bus.AppointmentsClient.View;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.SignedCaller;
import io.eventgate.common.bus.SignedCallers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The client other teams call the appointments service with, against the real service and its PostgreSQL
 * on the real event bus: each view's data, and each failure as the {@link ApiException} of its status.
 */
class AppointmentsClientTest {

  private static final Caller CLARA = new Caller("10000000-0000-4000-8000-000000000001", null,
      "c0000000-0000-4000-8000-000000000001", null, null, null);
  private static final Caller COLIN = new Caller("10000000-0000-4000-8000-000000000002", null,
      "c0000000-0000-4000-8000-000000000002", null, null, null);
  private static final Caller ERIN = new Caller("10000000-0000-4000-8000-000000000003", null, null,
      "e0000000-0000-4000-8000-000000000001", null, "b0000000-0000-4000-8000-000000000001");
  private static final Caller LIAM = new Caller("10000000-0000-4000-8000-000000000004", null, null, null,
      "d0000000-0000-4000-8000-000000000001", null);
  private static final Caller NORA = new Caller("10000000-0000-4000-8000-000000000005", null, null, null, null,
      null);

  private final TestSystem system = TestSystem.get();
  /** A holder of the caller key (as a trusted process would be): it names callers, signed. */
  private final AppointmentsClient appointments = new AppointmentsClient(
      new ServiceClient(system.app().vertx().eventBus(), system.callers()), AppointmentsClient.DEFAULT_TIMEOUT_MS);

  @Test
  void eachViewAnswersItsData() {
    JsonObject standard = read(APPOINTMENT_1, View.DEFAULT, ERIN);
    assertThat(standard.getString("_id")).isEqualTo(APPOINTMENT_1);
    assertThat(standard.getString("status")).isEqualTo("scheduled");
    assertThat(standard.containsKey("notes")).as("an employee sees the notes key").isTrue();

    JsonObject scheduler = read(APPOINTMENT_1, View.USS_SCHEDULER_VIEW, ERIN);
    assertThat(scheduler.getString("resource_id")).isEqualTo(ERIN.employeeId());
    assertThat(scheduler.getString("title")).isEqualTo("Initial Consultation – Clara Client");

    JsonObject availability = read(APPOINTMENT_1, View.USS_AVAILABILITY_VIEW, ERIN);
    assertThat(availability.fieldNames()).containsExactlyInAnyOrder("_id", "employee_id", "start", "end",
        "timezone", "blocks_availability");
    assertThat(availability.getBoolean("blocks_availability")).isTrue();

    JsonObject notification = read(APPOINTMENT_1, View.NOTIFICATION_PARAMETERS, ERIN);
    assertThat(notification.getJsonObject("to").getString("email")).isEqualTo("clara.client@demo.test");
    assertThat(notification.getJsonObject("merge_vars").getString("status")).isEqualTo("scheduled");
  }

  @Test
  void theViewsAreTheOnesTheHttpApiAnswers() {
    for (View view : View.values()) {
      assertThat(read(APPOINTMENT_1, view, CLARA)).as(view.wireName())
          .isEqualTo(system.read(system.token(TestSystem.CLARA), APPOINTMENT_1, view.wireName()).data());
    }
  }

  @Test
  void theClientAndItsLiaisonSeeItWithoutNotes() {
    assertThat(read(APPOINTMENT_1, View.DEFAULT, CLARA).containsKey("notes")).isFalse();
    assertThat(read(APPOINTMENT_1, View.DEFAULT, LIAM).getString("client_id")).isEqualTo(CLARA.clientId());
  }

  @Test
  void anAppointmentNobodyHasIsInvalidParamOnId() {
    assertFails(() -> read(UUID.randomUUID().toString(), View.DEFAULT, ERIN), Status.INVALID_PARAM, "_id");
  }

  @Test
  void aCallerWithoutAccessIsAnsweredAsIfItDidNotExist() {
    assertFails(() -> read(APPOINTMENT_2, View.DEFAULT, CLARA), Status.INVALID_PARAM, "_id");
    assertFails(() -> read(APPOINTMENT_1, View.USS_AVAILABILITY_VIEW, COLIN), Status.INVALID_PARAM, "_id");
    assertFails(() -> read(APPOINTMENT_1, View.DEFAULT, NORA), Status.INVALID_PARAM, "_id");
    assertFails(() -> read(APPOINTMENT_1, View.DEFAULT, Caller.ANONYMOUS), Status.INVALID_PARAM, "_id");
  }

  @Test
  void anIdThatIsNoUuidIsInvalidAndNoIdIsMissing() {
    assertFails(() -> read("not-a-uuid", View.DEFAULT, ERIN), Status.INVALID_PARAM, "_id");
    assertFails(() -> read(null, View.DEFAULT, ERIN), Status.MISSING_PARAM, "_id");
  }

  @Test
  void aCallerIdThatIsNoUuidIsInvalidToken() {
    Caller forged = new Caller("10000000-0000-4000-8000-000000000003", null, null, "erin\u001b[2J", null, null);
    assertThatThrownBy(() -> read(APPOINTMENT_1, View.DEFAULT, forged))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_TOKEN));
  }

  @Test
  void withoutTheKeyAUserIsReadForByTheirSessionTokenAndNamedBareIsInvalidToken() {
    AppointmentsClient keyless = new AppointmentsClient(system.app().vertx());
    SignedCaller erin = new SignedCallers(system.app().vertx())
        .forSession(system.token(TestSystem.ERIN), AppointmentsClient.ADDRESS).await();
    assertThat(erin.caller().employeeId()).isEqualTo(ERIN.employeeId());
    assertThat(erin.goodFor(5)).isTrue();
    for (View view : View.values()) {
      assertThat(keyless.read(APPOINTMENT_1, view, erin).await()).as(view.wireName())
          .isEqualTo(read(APPOINTMENT_1, view, ERIN));
    }
    assertThatThrownBy(() -> keyless.read(APPOINTMENT_1, View.DEFAULT, ERIN).await())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_TOKEN));
    // Nobody needs no signature, and sees what a stranger sees.
    assertFails(() -> keyless.read(APPOINTMENT_1, View.DEFAULT, Caller.ANONYMOUS).await(), Status.INVALID_PARAM,
        "_id");
  }

  @Test
  void aSessionTokenThatIsNotGoodIsInvalidToken() {
    assertThatThrownBy(() -> new SignedCallers(system.app().vertx()).forSession("not.a.token",
        AppointmentsClient.ADDRESS).await())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_TOKEN));
  }

  @Test
  void aBusWithoutTheServiceIsServiceUnavailable() {
    Vertx elsewhere = Vertx.vertx();
    try {
      assertThatThrownBy(() -> new AppointmentsClient(elsewhere).read(APPOINTMENT_1, View.DEFAULT, ERIN).await())
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.status()).isEqualTo(Status.SERVICE_UNAVAILABLE));
    } finally {
      elsewhere.close().await();
    }
  }

  @Test
  void aServiceThatDoesNotAnswerInTimeIsServiceTimeout() {
    Vertx elsewhere = Vertx.vertx();
    try {
      elsewhere.eventBus().consumer(AppointmentsClient.ADDRESS, message -> {
        // holds every request and never answers
      });
      AppointmentsClient impatient = new AppointmentsClient(new ServiceClient(elsewhere.eventBus()), 200);
      assertThatThrownBy(() -> impatient.read(APPOINTMENT_1, View.DEFAULT, ERIN).await())
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.SERVICE_TIMEOUT));
    } finally {
      elsewhere.close().await();
    }
  }

  @Test
  void aTimeoutOfNothingIsRefusedWhenTheClientIsMade() {
    ServiceClient client = new ServiceClient(system.app().vertx().eventBus());
    assertThatThrownBy(() -> new AppointmentsClient(client, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private JsonObject read(String id, View view, Caller caller) {
    return appointments.read(id, view, caller, "client-test").await();
  }

  private static void assertFails(ThrowingCallable read, Status status, String param) {
    assertThatThrownBy(read).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.param()).isEqualTo(param);
    });
  }
}
