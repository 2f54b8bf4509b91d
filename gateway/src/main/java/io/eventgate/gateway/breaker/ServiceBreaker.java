package io.eventgate.gateway.breaker;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.ServiceClient;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.gateway.registry.CircuitBreakerPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one service in this process: vertx-circuit-breaker's state machine, configured from
 * the service record's policy. Only "no instance answered" counts as a failure ({@link ServiceClient#unanswered}):
 * whatever a service answers itself, a crash or a refusal included, shows it is there, and a failure a client
 * could provoke must not close a service for everyone.
 */
final class ServiceBreaker {

  static final String STATE_METRIC = "eventgate.circuit.breaker.state";
  static final String OPENINGS_METRIC = "eventgate.circuit.breaker.openings";
  private static final Logger LOG = LoggerFactory.getLogger(ServiceBreaker.class);
  private static final String REFUSED = "The service is failing and is not being called for now; retry after the"
      + " time in Retry-After.";

  private final String service;
  private final String address;
  private final CircuitBreakerPolicy policy;
  private final int timeoutMs;
  private final CircuitBreaker breaker;
  private final MeterRegistry meters;
  private final Gauge stateGauge;
  private final Counter openings;
  /** When it last opened, by {@link System#nanoTime()}: the start of the wait Retry-After counts down. */
  private volatile long openedAt;
  /** Set once it is dropped: a request still in flight through it may end later and must not tell anyone. */
  private volatile boolean closed;

  /**
   * @param opened told of each opening, with the detail operators need; it must not block or throw
   * @param meters where its state and openings are counted, or {@code null} when metrics are off
   */
  ServiceBreaker(Vertx vertx, String service, String address, CircuitBreakerPolicy policy, int timeoutMs,
      Consumer<ApiException> opened, MeterRegistry meters) {
    this.service = service;
    this.address = address;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.meters = meters;
    this.breaker = CircuitBreaker.create("service " + service, vertx, new CircuitBreakerOptions()
        .setMaxFailures(policy.maxFailures())
        .setFailuresRollingWindow(TimeUnit.SECONDS.toMillis(policy.windowSeconds()))
        .setResetTimeout(TimeUnit.SECONDS.toMillis(policy.openSeconds()))
        // The service's own timeout_ms already bounds the wait, in ServiceClient.
        .setTimeout(-1)
        // No periodic event-bus notifications (they would be published on every process of a cluster).
        .setNotificationAddress(null));
    breaker.<ServiceReply>failurePolicy(result -> result.failed() && ServiceClient.unanswered(result.cause()));
    this.stateGauge = meters == null ? null : Gauge.builder(STATE_METRIC, this, ServiceBreaker::stateCode)
        .tag("service", service).description("circuit breaker state: 0 closed, 1 half-open, 2 open")
        .register(meters);
    this.openings = meters == null ? null : Counter.builder(OPENINGS_METRIC).tag("service", service)
        .description("times the circuit breaker opened").register(meters);
    String detail = "circuit breaker of service " + service + " opened (" + policy.describe()
        + "): its requests are answered service-unavailable until a probe gets an answer";
    breaker.openHandler(v -> {
      openedAt = System.nanoTime();
      if (closed) {
        return;
      }
      // Runs inside the library's open(), on the path that completes a request: nothing may escape it.
      try {
        if (openings != null) {
          openings.increment();
        }
        LOG.warn("circuit breaker of service {} opened for {} s", service, policy.openSeconds());
        opened.accept(ApiException.withDetail(Status.SERVICE_UNAVAILABLE, null, detail));
      } catch (RuntimeException e) {
        LOG.error("circuit breaker of service {}: telling of its opening failed: {}", service,
            ApiException.describe(e));
      }
    });
    breaker.halfOpenHandler(v -> LOG.info("circuit breaker of service {} half-open: one probe goes through", service));
    breaker.closeHandler(v -> LOG.info("circuit breaker of service {} closed", service));
  }

  CircuitBreakerPolicy policy() {
    return policy;
  }

  int timeoutMs() {
    return timeoutMs;
  }

  String address() {
    return address;
  }

  /** Forwards through the breaker: at once {@code service-unavailable} with Retry-After while it is open. */
  Future<ServiceReply> call(Supplier<Future<ServiceReply>> forward) {
    return breaker.execute(forward).recover(failure -> Future.failedFuture(
        failure instanceof OpenCircuitException ? ApiException.retryAfter(Status.SERVICE_UNAVAILABLE, REFUSED,
            retryAfterSeconds()) : failure));
  }

  /**
   * Whole seconds until a request could be let through: to the end of the open time, or, while the one probe
   * of the half-open state is out, the longest that probe may take (the service's timeout).
   */
  long retryAfterSeconds() {
    return retryAfterSeconds(breaker.state());
  }

  private long retryAfterSeconds(CircuitBreakerState state) {
    long remainingMs = state == CircuitBreakerState.OPEN
        ? TimeUnit.SECONDS.toMillis(policy.openSeconds()) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt)
        : state == CircuitBreakerState.HALF_OPEN ? timeoutMs : 0;
    return Math.max(1, (remainingMs + 999) / 1000);
  }

  String state() {
    return name(breaker.state());
  }

  private static String name(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> "closed";
      case HALF_OPEN -> "half-open";
      case OPEN -> "open";
    };
  }

  /** The gauge's encoding, ordered by how little gets through: 0 closed, 1 half-open, 2 open. */
  private static double stateCode(ServiceBreaker breaker) {
    return switch (breaker.breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** What the admin API and readiness show of it; the state is this process's own. */
  JsonObject toJson() {
    // One reading of the state, so the fields agree with each other.
    CircuitBreakerState state = breaker.state();
    JsonObject json = new JsonObject().put("service", service).put("state", name(state))
        .put("failures", breaker.failureCount()).put("policy", policy.toJson());
    if (state != CircuitBreakerState.CLOSED) {
      json.put("retry_after_seconds", retryAfterSeconds(state));
    }
    return json;
  }

  /** Forgets it: its meters go, and requests in flight through it finish as they would. */
  void close() {
    closed = true;
    if (meters != null) {
      meters.remove(stateGauge);
      meters.remove(openings);
    }
    breaker.close();
  }
}
