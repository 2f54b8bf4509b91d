package io.eventgate.example;

import io.eventgate.common.bus.AppointmentsClient;
import io.eventgate.common.bus.AppointmentsClient.View;
import io.eventgate.common.bus.SignedCallers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A verticle of another team's application: when it starts, it reads one appointment in each of the four
 * views through {@link AppointmentsClient}, for the user whose session token it was given, and prints every
 * answer. It runs the same in the services' JVM and on another member of their cluster: only JSON crosses the
 * event bus.
 *
 * <p>It starts once the four answers are printed, and fails to start with the first failure (an
 * {@link io.eventgate.common.api.ApiException} holding the status the service answered).
 */
public final class AppointmentViewsVerticle extends VerticleBase {

  private final String appointmentId;
  private final String sessionToken;
  private final PrintStream out;
  private final Promise<Map<View, JsonObject>> answers = Promise.promise();
  private AppointmentsClient appointments;

  /** Reads {@code appointmentId} for the user of {@code sessionToken} and prints each view to {@code out}. */
  public AppointmentViewsVerticle(String appointmentId, String sessionToken, PrintStream out) {
    this.appointmentId = appointmentId;
    this.sessionToken = sessionToken;
    this.out = out;
  }

  @Override
  public Future<?> start() {
    appointments = new AppointmentsClient(vertx);
    // Who the reads are for: the user's session, exchanged for the caller it stands for, signed.
    return new SignedCallers(vertx).forSession(sessionToken, AppointmentsClient.ADDRESS).compose(caller -> {
      // The four reads are independent: send them together, print them in the order of the views.
      List<Future<JsonObject>> reads = Arrays.stream(View.values())
          .map(view -> appointments.read(appointmentId, view, caller))
          .toList();
      return Future.all(reads);
    }).map(all -> {
      Map<View, JsonObject> byView = new EnumMap<>(View.class);
      for (View view : View.values()) {
        JsonObject data = all.resultAt(view.ordinal());
        byView.put(view, data);
        out.println(view.wireName() + ": " + data.encodePrettily());
      }
      return byView;
    }).onComplete(answers).mapEmpty();
  }

  /** The answers by view, once printed; or the failure that stopped the verticle from starting. */
  public Future<Map<View, JsonObject>> answers() {
    return answers.future();
  }
}
