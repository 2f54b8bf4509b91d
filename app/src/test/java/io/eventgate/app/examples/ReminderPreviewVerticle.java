package io.eventgate.app.examples;

import io.eventgate.appointments.AppointmentsVerticle;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceClients;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An example of an internal consumer (docs/API.md section 7): a verticle in any process of the cluster that
 * calls the appointments service over the event bus with the typed {@link ServiceClient}, on behalf of a
 * caller, without HTTP. It answers on {@value #ADDRESS} with who a reminder goes to and when — and with
 * the same statuses the HTTP API gives, since it passes the service's failures on unchanged.
 *
 * <pre>
 * bus.request("examples.reminder-preview", new ServiceRequest("preview",
 *     new JsonObject().put("_id", appointmentId), caller, requestId).toJson())
 * </pre>
 */
public final class ReminderPreviewVerticle extends VerticleBase {

  public static final String ADDRESS = "examples.reminder-preview";
  private static final long TIMEOUT_MS = 5_000;

  private ServiceClient appointments;

  @Override
  public Future<?> start() {
    appointments = ServiceClients.of(vertx);
    return ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of("preview", this::preview)).completion();
  }

  private Future<ServiceReply> preview(ServiceRequest request) {
    Caller caller = request.caller();
    JsonObject params = new JsonObject().put("_id", request.params().getValue("_id"))
        .put("view", "notification_parameters");
    return appointments.request(AppointmentsVerticle.ADDRESS, new ServiceRequest("read", params, caller,
            request.requestId()), TIMEOUT_MS)
        .map(reply -> {
          JsonObject data = reply.data();
          return ServiceReply.of(new JsonObject()
              .put("_id", data.getString("_id"))
              .put("to", data.getJsonObject("to"))
              .put("send_at", data.getValue("send_at")));
        })
        .recover(failure -> Future.failedFuture(failure instanceof ApiException api ? api
            : ApiException.crash(failure)));
  }
}
