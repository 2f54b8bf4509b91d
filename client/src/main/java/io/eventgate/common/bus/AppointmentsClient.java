package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Reads appointments from eventgate's appointments service over the event bus, from any verticle: in the
 * service's JVM or on another member of its cluster. It is {@code appointments · read} of docs/EVENTBUS.md in
 * one call:
 *
 * <pre>{@code
 * AppointmentsClient appointments = new AppointmentsClient(vertx);   // once, in start()
 * appointments.read(appointmentId, AppointmentsClient.View.DEFAULT, caller)
 *     .onSuccess(data -> ...)     // the appointment in that view: the keys of the view's reply schema
 *     .onFailure(failure -> ...); // an ApiException: status(), param(), getMessage()
 * }</pre>
 *
 * <p><b>The caller</b> is the user the read is made for, as the gateway would name them ({@link Caller}): the
 * service shows an appointment only to its client, a liaison linked to that client, or an employee of its
 * business. Anyone else — {@link Caller#ANONYMOUS} too — is answered {@code invalid-param} on {@code _id},
 * exactly as for an id that does not exist, so a caller cannot probe which ids exist.
 *
 * <p><b>Failures</b> are failed futures holding an {@link ApiException} whose {@link ApiException#status()} is a
 * code of the status catalog, as the HTTP API would have answered it: {@code missing-param} (no id),
 * {@code invalid-param} (an id that is not a uuid, not found or not visible to the caller; {@code param()} is
 * {@code _id}), {@code invalid-token} (an id of the caller that is not a uuid), {@code service-unavailable}
 * (nobody consumes the address: the service is not running on this bus), {@code service-timeout} (no answer
 * within the timeout), {@code application-crash} (the service failed; its detail is for operators).
 *
 * <p><b>Timeouts</b>: {@link #DEFAULT_TIMEOUT_MS} unless made with another; the service is told it (the
 * {@code timeout-ms} header) and may stop working on a request nobody waits for any more.
 */
public final class AppointmentsClient {

  /** The event-bus address of the appointments service, as the system ships it. */
  public static final String ADDRESS = "appointments";
  /** How long a read waits for its answer unless the client is made with another timeout. */
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private static final String READ = "read";

  /** The four views of an appointment, each with its name on the wire (the {@code view} param). */
  public enum View {
    /** The appointment as its client or an employee sees it; the notes for employees only. */
    DEFAULT("default"),
    /** One entry of a scheduler's calendar: title, start and end, the client and the employee. */
    USS_SCHEDULER_VIEW("uss_scheduler_view"),
    /** When the appointment blocks its employee's calendar; nothing about the client. */
    USS_AVAILABILITY_VIEW("uss_availability_view"),
    /** What a reminder to the client is written from: recipient, channels, send time, merge variables. */
    NOTIFICATION_PARAMETERS("notification_parameters");

    private final String wireName;

    View(String wireName) {
      this.wireName = wireName;
    }

    /** The name the service knows the view by. */
    public String wireName() {
      return wireName;
    }
  }

  private final ServiceClient client;
  private final long timeoutMs;

  /** A client on {@code vertx}'s event bus, waiting {@link #DEFAULT_TIMEOUT_MS} for each answer. */
  public AppointmentsClient(Vertx vertx) {
    this(new ServiceClient(vertx.eventBus()), DEFAULT_TIMEOUT_MS);
  }

  /** A client sending through {@code client}, waiting {@code timeoutMs} (more than 0) for each answer. */
  public AppointmentsClient(ServiceClient client, long timeoutMs) {
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs must be more than 0, not " + timeoutMs);
    }
    this.client = Objects.requireNonNull(client, "client");
    this.timeoutMs = timeoutMs;
  }

  /**
   * The appointment {@code appointmentId} in {@code view}, as {@code caller} may see it: the caller of a user's
   * session, signed for this service ({@code SignedCallers.forSession(token, AppointmentsClient.ADDRESS)}). The
   * way a verticle acts for a user.
   */
  public Future<JsonObject> read(String appointmentId, View view, SignedCaller caller) {
    return read(appointmentId, view, caller, null);
  }

  /** The same, with a request id of the caller's own (see {@link #read(String, View, Caller, String)}). */
  public Future<JsonObject> read(String appointmentId, View view, SignedCaller caller, String requestId) {
    Objects.requireNonNull(caller, "caller");
    if (!ADDRESS.equals(caller.address())) {
      throw new IllegalArgumentException("the caller is signed for " + caller.address() + ", not " + ADDRESS
          + ": ask SignedCallers.forSession(token, AppointmentsClient.ADDRESS)");
    }
    return send(appointmentId, view, caller.caller(), caller.assertion(), requestId);
  }

  /**
   * The appointment {@code appointmentId} in {@code view}, as {@code caller} may see it, the caller named
   * bare: served for nobody ({@link Caller#ANONYMOUS}) and, for anybody else, only when this client signs it
   * (made on a {@link ServiceClient} holding the cluster's caller key) or on a bus whose services check no
   * callers; otherwise {@code invalid-token}.
   */
  public Future<JsonObject> read(String appointmentId, View view, Caller caller) {
    return read(appointmentId, view, caller, null);
  }

  /**
   * The same, with a request id of the caller's own, which the service writes into its log lines: keep it short
   * and plain (1-64 of {@code A-Z a-z 0-9 . _ -}, as the gateway's); {@code null} sends none.
   */
  public Future<JsonObject> read(String appointmentId, View view, Caller caller, String requestId) {
    Objects.requireNonNull(caller, "caller: Caller.ANONYMOUS for nobody");
    // The client's own signature, when it holds the key.
    return client.request(ADDRESS, request(appointmentId, view, caller, requestId), timeoutMs)
        .map(AppointmentsClient::data);
  }

  private Future<JsonObject> send(String appointmentId, View view, Caller caller, String assertion,
      String requestId) {
    return client.request(ADDRESS, request(appointmentId, view, caller, requestId), assertion, timeoutMs)
        .map(AppointmentsClient::data);
  }

  private static ServiceRequest request(String appointmentId, View view, Caller caller, String requestId) {
    Objects.requireNonNull(view, "view");
    return new ServiceRequest(READ, new JsonObject().put("_id", appointmentId).put("view", view.wireName()), caller,
        requestId);
  }

  /** A read's answer always holds the appointment: a success without it is the service's fault. */
  private static JsonObject data(ServiceReply reply) {
    if (reply.data() == null) {
      throw ApiException.withDetail(Status.APPLICATION_CRASH, null, "the appointments service replied without data");
    }
    return reply.data();
  }
}
