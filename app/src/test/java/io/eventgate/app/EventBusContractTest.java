package io.eventgate.app;

import static io.eventgate.app.TestSystem.APPOINTMENT_1;
import static io.eventgate.app.TestSystem.APPOINTMENT_2;
import static io.eventgate.app.TestSystem.CLARA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgate.appointments.AppointmentsVerticle;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.testkit.Answer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A verticle on the same event bus calls the appointments service directly with the typed client of
 * {@code common}, and gets the same data and statuses as through HTTP (docs/API.md section 7).
 */
class EventBusContractTest {

  private static final Caller CLARA_CALLER = new Caller("10000000-0000-4000-8000-000000000001", null,
      "c0000000-0000-4000-8000-000000000001", null, null, null);

  private final TestSystem system = TestSystem.get();
  private final ServiceClient client = new ServiceClient(system.app().vertx().eventBus(), system.callers());

  @Test
  void anInternalCallerGetsTheSameDataAsThroughHttp() throws Exception {
    ServiceReply reply = call(new JsonObject().put("_id", APPOINTMENT_1).put("view", "uss_scheduler_view"),
        CLARA_CALLER);
    Answer http = system.read(system.token(CLARA), APPOINTMENT_1, "uss_scheduler_view");
    assertThat(reply.data()).isEqualTo(http.data());
  }

  @Test
  void anInternalCallerGetsTheSameStatuses() {
    assertThatThrownBy(() -> call(new JsonObject().put("_id", APPOINTMENT_2), CLARA_CALLER))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(Status.INVALID_PARAM);
          assertThat(e.param()).isEqualTo("_id");
        });
    assertThatThrownBy(() -> call(new JsonObject(), CLARA_CALLER))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.MISSING_PARAM));
    assertThatThrownBy(() -> call(new JsonObject().put("_id", APPOINTMENT_1).put("view", "raw"), CLARA_CALLER))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("view"));
  }

  @Test
  void anUnknownAddressIsServiceUnavailable() {
    assertThatThrownBy(() -> client.request("nobody.here",
            new ServiceRequest("read", new JsonObject(), Caller.ANONYMOUS, "rid-1"), 1000)
        .await())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(Status.SERVICE_UNAVAILABLE));
  }

  private ServiceReply call(JsonObject params, Caller caller) {
    return client.request(AppointmentsVerticle.ADDRESS, new ServiceRequest("read", params, caller, "internal-1"),
        5000).await();
  }
}
