package io.eventgate.common.bus;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of the event-bus contract (docs/EVENTBUS.md): dispatches each message to the handler of its
 * action and answers with a reply or with {@code fail(httpCode, json)}, exactly once. A message of a contract
 * version this code does not know ({@link ContractVersion}) is refused before anything of it is read. Anything a
 * handler throws that is not an {@link ApiException} becomes {@code application-crash}; its class and message
 * are logged, never sent.
 */
public final class ServiceConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceConsumer.class);
  private static final long POLL_MS = 20;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final Tracing tracing;
  private final CallerAssertions callers;
  private final EventBus bus;
  private final String address;
  private MessageConsumer<Object> consumer;

  private ServiceConsumer(Tracing tracing, CallerAssertions callers, EventBus bus, String address) {
    this.tracing = tracing;
    this.callers = callers;
    this.bus = bus;
    this.address = address;
  }

  /** A consumer that accepts whatever caller a sender names: for tests and services that read no caller. */
  public static ServiceConsumer register(EventBus bus, String address,
      Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions) {
    return register(bus, Tracing.OFF, CallerAssertions.open(), address, actions);
  }

  /**
   * With tracing on, each action of a traced message runs in a span named {@code <address> <action>}, a
   * child of the span of the message that asked for it; what the action queries or sends is the span's
   * child. A message that arrives without a trace runs without a span.
   */
  public static ServiceConsumer register(EventBus bus, Tracing tracing, String address,
      Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions) {
    return register(bus, tracing, CallerAssertions.open(), address, actions);
  }

  /**
   * With a caller key in {@code callers}, a request that names a caller is served only when the caller is
   * signed with it (docs/EVENTBUS.md section 7); any other is answered {@code invalid-token} before its action
   * runs.
   */
  public static ServiceConsumer register(EventBus bus, Tracing tracing, CallerAssertions callers, String address,
      Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions) {
    ServiceConsumer service = new ServiceConsumer(tracing, callers, bus, address);
    service.consumer = bus.consumer(address, message -> service.handle(message, address, actions));
    // Counted for the cluster view when the bus is not clustered (the cluster's registrations count otherwise).
    ConsumerCounts.track(bus, address, service.consumer);
    return service;
  }

  /** Completes when the address is registered (across the cluster, when clustered). */
  public Future<Void> completion() {
    return consumer.completion();
  }

  /**
   * Stops taking requests, then waits for those already in hand to be answered, for at most
   * {@code drain}: a service leaving the cluster answers what it took instead of dropping it.
   */
  public Future<Void> stop(Vertx vertx, Duration drain) {
    long deadline = System.nanoTime() + drain.toNanos();
    Promise<Void> drained = Promise.promise();
    consumer.unregister().onComplete(unregistered -> ConsumerCounts.untrack(bus, address, consumer))
        .onComplete(unregistered -> vertx.setPeriodic(0, POLL_MS, timer -> {
          if (inFlight.get() == 0 || System.nanoTime() > deadline) {
            vertx.cancelTimer(timer);
            drained.tryComplete();
          }
        }));
    return drained.future();
  }

  private void handle(Message<Object> message, String address,
      Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions) {
    inFlight.incrementAndGet();
    String requestId = message.headers().get(ServiceClient.REQUEST_ID_HEADER);
    Future<ServiceReply> result;
    try {
      // First: a message written to another version of the contract cannot be read by this one's rules.
      if (!ContractVersion.isKnown(message.headers())) {
        LOG.warn("request {}: {} refused a request of contract version {}", requestId, address,
            ContractVersion.describe(message.headers()));
        throw ContractVersion.refusal();
      }
      if (!(message.body() instanceof JsonObject body)) {
        throw new ApiException(Status.INVALID_ENCODED_PARAMS, "The request must be a JSON object.");
      }
      ServiceRequestRules.check(body);
      ServiceRequest request = ServiceRequest.fromJson(body, requestId,
          timeoutMs(message.headers().get(ServiceClient.TIMEOUT_HEADER)),
          clientAddress(message.headers().get(ServiceClient.CLIENT_ADDRESS_HEADER)));
      if (!callers.accepts(address, request.caller(), callerAssertion(message.headers()))) {
        LOG.warn("request {}: {} refused a caller without a good signature", requestId, address);
        throw new ApiException(Status.INVALID_TOKEN, "The caller is not signed with this cluster's caller key.");
      }
      Function<ServiceRequest, Future<ServiceReply>> action = actions.get(request.action());
      if (action == null) {
        LOG.error("request {}: {} has no action '{}'", requestId, address, request.action());
        throw ApiException.withDetail(Status.APPLICATION_CRASH, null,
            address + " has no action '" + request.action() + "'");
      }
      // Only a traced message gets a span (Vert.x's PROPAGATE policy): an untraced internal call must not
      // become a sampled trace of its own.
      result = tracing.current().isValid()
          ? tracing.span(address + ' ' + request.action(), () -> run(action, request, address))
          : run(action, request, address);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        reply -> message.reply(reply.toJson()),
        failure -> {
          ApiException api = asApiException(failure, address, requestId);
          message.fail(api.status().httpStatus(), api.toFailureJson().encode());
        })
        .onComplete(answered -> inFlight.decrementAndGet());
  }

  private static Future<ServiceReply> run(Function<ServiceRequest, Future<ServiceReply>> action,
      ServiceRequest request, String address) {
    Future<ServiceReply> result = action.apply(request);
    if (result == null) {
      throw new IllegalStateException(address + " action '" + request.action() + "' returned no future");
    }
    return result;
  }

  /** The caller's signature; two are none (which one would count is ambiguous). */
  private static String callerAssertion(MultiMap headers) {
    String assertion = headers.get(CallerAssertions.HEADER);
    return assertion == null || headers.getAll(CallerAssertions.HEADER).size() == 1 ? assertion : null;
  }

  /** The sender's timeout, or 0 when it gave none (or none that reads as a positive number). */
  private static long timeoutMs(String header) {
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The forwarded client's address; anything longer than an address can be is ignored. */
  private static String clientAddress(String header) {
    return header == null || header.isEmpty() || header.length() > 64 ? null : header;
  }

  private static ApiException asApiException(Throwable failure, String address, String requestId) {
    if (failure instanceof ApiException api) {
      return api;
    }
    LOG.error("request {}: {} crashed: {}", requestId, address, ApiException.describe(failure));
    return ApiException.crash(failure);
  }
}
