package io.eventgate.app.examples;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.AppointmentsClient;
import io.eventgate.common.bus.AppointmentsClient.View;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceClients;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.bus.SignedCallers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An example of an internal service (docs/EVENTBUS.md section 1): a verticle in any process of the cluster,
 * holding no caller key, that reads appointments for a user without HTTP. Asked on {@value #ADDRESS} with a
 * user's session token, it exchanges the token for the user's signed caller ({@link SignedCallers}), reads the
 * appointment as that user ({@link AppointmentsClient}) and answers who the reminder goes to and when — with
 * the statuses the HTTP API gives, since it passes the services' failures on unchanged.
 *
 * <pre>
 * bus.request("examples.reminder-preview", new ServiceRequest("preview",
 *     new JsonObject().put("_id", appointmentId).put("token", sessionToken), Caller.ANONYMOUS, requestId).toJson())
 * </pre>
 */
public final class ReminderPreviewVerticle extends VerticleBase {

  public static final String ADDRESS = "examples.reminder-preview";

  private SignedCallers callers;
  private AppointmentsClient appointments;

  @Override
  public Future<?> start() {
    // One client for the process: clustered, a request held by a service process that dies is answered at once.
    ServiceClient client = ServiceClients.of(vertx);
    callers = new SignedCallers(client, AppointmentsClient.DEFAULT_TIMEOUT_MS);
    appointments = new AppointmentsClient(client, AppointmentsClient.DEFAULT_TIMEOUT_MS);
    return ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of("preview", this::preview)).completion();
  }

  private Future<ServiceReply> preview(ServiceRequest request) {
    JsonObject params = request.params();
    if (!(params.getValue("token") instanceof String token)) {
      return Future.failedFuture(ApiException.missingParam("token"));
    }
    String id = params.getValue("_id") instanceof String text ? text : null;
    return callers.forSession(token, AppointmentsClient.ADDRESS)
        .compose(caller -> appointments.read(id, View.NOTIFICATION_PARAMETERS, caller, request.requestId()))
        .map(data -> ServiceReply.of(new JsonObject()
            .put("_id", data.getString("_id"))
            .put("to", data.getJsonObject("to"))
            .put("send_at", data.getValue("send_at"))))
        .recover(failure -> Future.failedFuture(failure instanceof ApiException api ? api
            : ApiException.crash(failure)));
  }
}
