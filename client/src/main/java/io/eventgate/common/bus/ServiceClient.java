package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The typed client of the event-bus contract (docs/EVENTBUS.md). The gateway forwards every request
 * through it, and any verticle of the (possibly clustered) bus can call a service the same way and get the
 * same statuses: a successful {@link ServiceReply}, or a failed future holding an {@link ApiException}.
 * For {@code appointments · read}, {@link AppointmentsClient} says the same in fewer words.
 *
 * <p>It logs through {@link System.Logger} (the JDK's), so that this module needs nothing but vertx-core: the
 * system's processes route it to their SLF4J logging, and an application sends it wherever it sends the JDK's.
 */
public final class ServiceClient {

  /** The delivery header that carries the request id. */
  public static final String REQUEST_ID_HEADER = "request-id";
  /** The delivery header that says how long the sender waits for the answer, in milliseconds. */
  public static final String TIMEOUT_HEADER = "timeout-ms";
  /** The delivery header that carries the address of the HTTP client the gateway forwards for. */
  public static final String CLIENT_ADDRESS_HEADER = "client-address";

  private static final Logger LOG = System.getLogger(ServiceClient.class.getName());
  /*
   * The two answers that say no instance answered at all, as one instance each (an ApiException has no stack
   * and nothing per request in them), so that unanswered() tells them from the same statuses a service may
   * answer itself: a service that sheds load with service-unavailable did answer.
   */
  private static final ApiException NO_CONSUMER = new ApiException(Status.SERVICE_UNAVAILABLE);
  private static final ApiException NO_ANSWER = new ApiException(Status.SERVICE_TIMEOUT);

  private final EventBus bus;
  /** Answers requests early when it knows nobody will; {@code null}: every request waits for its timeout. */
  private final InFlightWatch watch;
  /** Signs the caller of each request, when this process holds the caller key. */
  private final CallerAssertions callers;

  /**
   * A client that leaves every request to its timeout, whatever becomes of the service's processes, and
   * signs no caller: a request that names one carries the assertion given with it (docs/EVENTBUS.md section 7).
   */
  public ServiceClient(EventBus bus) {
    this(bus, null, CallerAssertions.open());
  }

  /** The same, signing the caller of every request with {@code callers}: for a holder of the caller key. */
  public ServiceClient(EventBus bus, CallerAssertions callers) {
    this(bus, null, callers);
  }

  /**
   * A client whose requests {@code watch} may answer before their timeout (see {@link InFlightWatch}), signing
   * callers with {@code callers}; the system's processes make theirs with {@code ServiceClients.of(vertx)} of
   * the {@code common} module.
   */
  public ServiceClient(EventBus bus, InFlightWatch watch, CallerAssertions callers) {
    this.bus = bus;
    this.watch = watch;
    this.callers = callers;
  }

  /** Sends {@code request}, its caller signed by this client's key when it has one. */
  public Future<ServiceReply> request(String address, ServiceRequest request, long timeoutMs) {
    return request(address, request, callers.sign(address, request.caller()), timeoutMs);
  }

  /**
   * Sends {@code request} with {@code callerAssertion}: the signature of its caller for {@code address} that a
   * holder of the key made (the users service's {@code session_caller}, for a session: see {@link SignedCallers}); {@code null}
   * for none.
   */
  public Future<ServiceReply> request(String address, ServiceRequest request, String callerAssertion,
      long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
        .addHeader(ContractVersion.HEADER, ContractVersion.header())
        .addHeader(TIMEOUT_HEADER, Long.toString(timeoutMs));
    if (callerAssertion != null) {
      options.addHeader(CallerAssertions.HEADER, callerAssertion);
    }
    if (request.requestId() != null) {
      options.addHeader(REQUEST_ID_HEADER, request.requestId());
    }
    if (request.clientAddress() != null) {
      options.addHeader(CLIENT_ADDRESS_HEADER, request.clientAddress());
    }
    Future<Message<Object>> sent = bus.request(address, request.toJson(), options);
    if (watch != null) {
      sent = watch.track(address, sent);
    }
    return sent.recover(failure -> Future.failedFuture(toApiException(failure, request.requestId())))
        .map(reply -> toReply(reply, request.requestId()));
  }

  /**
   * True when {@code failure}, from {@link #request}, says that no instance of the service answered: nobody
   * consumes the address (or the last process that did left the cluster), or nobody answered within the
   * timeout. Anything a service answered itself — whatever its status — is false.
   */
  public static boolean unanswered(Throwable failure) {
    return failure == NO_CONSUMER || failure == NO_ANSWER;
  }

  private static ServiceReply toReply(Message<Object> reply, String requestId) {
    if (reply.body() instanceof JsonObject json
        && Status.ACTION_SUCCESSFUL.code().equals(json.getString("status"))
        && objectOrAbsent(json.getValue("data")) && objectOrAbsent(json.getValue("session"))) {
      return ServiceReply.fromJson(json);
    }
    LOG.log(Level.ERROR,
        "request " + requestId + ": a service replied with something other than a success envelope");
    throw ApiException.withDetail(Status.APPLICATION_CRASH, null,
        "a service replied with something other than a success envelope");
  }

  /** A success carries {@code data} and {@code session} as objects, or not at all (docs/API.md section 7). */
  private static boolean objectOrAbsent(Object value) {
    return value == null || value instanceof JsonObject;
  }

  static ApiException toApiException(Throwable failure, String requestId) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case NO_HANDLERS:
          return NO_CONSUMER;
        case TIMEOUT:
          return NO_ANSWER;
        case RECIPIENT_FAILURE:
          return fromServiceFailure(reply, requestId);
        default:
          break;
      }
    }
    LOG.log(Level.ERROR, "request " + requestId + ": event-bus failure " + failure.getClass().getSimpleName() + ": "
        + failure.getMessage());
    return ApiException.crash(failure);
  }

  /** A service failed the message with {@code fail(httpCode, json)}: pass its status on unchanged. */
  private static ApiException fromServiceFailure(ReplyException reply, String requestId) {
    try {
      ApiException failure = ApiException.fromFailureJson(new JsonObject(reply.getMessage()));
      if (failure != null) {
        return failure;
      }
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      // falls through: a failure outside the contract is a crash, and its text is for operators only
    }
    LOG.log(Level.ERROR, "request " + requestId + ": a service failed with code " + reply.failureCode()
        + " outside the status catalog");
    return ApiException.withDetail(Status.APPLICATION_CRASH, null,
        "a service failed outside the status catalog with code " + reply.failureCode() + ": " + reply.getMessage());
  }
}
