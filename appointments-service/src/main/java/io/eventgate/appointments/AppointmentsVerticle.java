package io.eventgate.appointments;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Uuids;
import io.eventgate.common.bus.AppointmentsClient;
import io.eventgate.common.bus.Caller;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.db.Database;
import io.eventgate.common.db.PgSettings;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The appointments service on the event bus. {@code read} answers one appointment in the asked view, or
 * {@code invalid-param} on {@code _id} alike for an id that does not exist and one the caller may not see.
 * Each instance reads through a pipelined client of its own, on its own event loop (so a query never hops
 * threads), opened in {@link #start()} and closed once the requests it took are answered.
 */
public final class AppointmentsVerticle extends VerticleBase {

  /** Where the service listens: the address its callers' client sends to, written there once. */
  public static final String ADDRESS = AppointmentsClient.ADDRESS;

  private static final String NOT_FOUND = "No appointment with this _id is visible to you.";

  private final PgSettings pg;
  private final Tracing tracing;
  private final CallerAssertions callers;
  private final String address;
  private SqlClient client;
  private AppointmentStore store;
  /** How long a stopping service waits for the requests it already took. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private ServiceConsumer consumer;

  public AppointmentsVerticle(PgSettings pg, Tracing tracing, CallerAssertions callers, String address) {
    this.pg = pg;
    this.tracing = tracing;
    this.callers = callers;
    this.address = address;
  }

  @Override
  public Future<?> start() {
    client = Database.pipelinedClient(vertx, pg);
    store = new AppointmentStore(client);
    consumer = ServiceConsumer.register(vertx.eventBus(), tracing, callers, address, Map.of("read", this::read));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.stop(vertx, DRAIN).eventually(() -> client.close());
  }

  private Future<ServiceReply> read(ServiceRequest request) {
    // The gateway has validated the params; an internal caller may not have, so check again what matters.
    UUID id = uuid(request.params().getValue("_id"));
    AppointmentViews.View view = AppointmentViews.VIEWS.get(request.params().getString("view", "default"));
    if (view == null) {
      throw ApiException.invalidParam("view", "Param 'view' must be one of: "
          + String.join(", ", AppointmentViews.VIEWS.keySet()) + ".");
    }
    Caller caller = request.caller();
    UUID liaisonId = caller.liaisonId() == null ? null : UUID.fromString(caller.liaisonId());
    return store.read(id, liaisonId).map(found -> {
      Viewer viewer = found == null ? null : Viewer.of(caller, found.appointment(), found.liaisonLinked());
      if (viewer == null) {
        throw ApiException.invalidParam("_id", NOT_FOUND);
      }
      return ServiceReply.of(view.shape(found.appointment(), viewer, Instant.now()));
    });
  }

  private static UUID uuid(Object value) {
    if (value == null || "".equals(value)) {
      throw ApiException.missingParam("_id");
    }
    if (!(value instanceof String text) || !Uuids.isCanonical(text)) {
      throw ApiException.invalidParam("_id", "Param '_id' must be a UUID (8-4-4-4-12 hexadecimal).");
    }
    return UUID.fromString(text);
  }
}
