package io.eventgate.gateway.registry;

/**
 * A service of the registry: the event-bus address its verticles consume, how long to wait for them, and the
 * circuit breaker that stops the wait for a service that keeps failing ({@code null}: none).
 */
public record ServiceRecord(String name, String address, boolean deployed, int timeoutMs, String description,
                            CircuitBreakerPolicy circuitBreaker) {

  /** A service without a circuit breaker. */
  public ServiceRecord(String name, String address, boolean deployed, int timeoutMs, String description) {
    this(name, address, deployed, timeoutMs, description, null);
  }
}
