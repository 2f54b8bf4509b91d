package io.eventgate.gateway.breaker;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.gateway.registry.RegistrySnapshot;
import io.eventgate.gateway.registry.ServiceRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The circuit breakers of this gateway process, one per service record that sets a policy (docs/API.md
 * section 4), shared by every gateway verticle. Kept in step with the registry: a breaker lives on across
 * reloads while its service's policy and timeout stay the same, is made anew when they change, and is dropped
 * with the service or its policy. Each process counts for itself: what one gateway saw fail says nothing
 * sure about the path from another.
 */
public final class ServiceBreakers {

  private final Vertx vertx;
  private final Consumer<ApiException> opened;
  private final MeterRegistry meters;
  private final Map<String, ServiceBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * @param opened told of each opening, with the detail operators need; it must not block or throw
   * @param meters where states and openings are counted, or {@code null} when metrics are off
   */
  public ServiceBreakers(Vertx vertx, Consumer<ApiException> opened, MeterRegistry meters) {
    this.vertx = vertx;
    this.opened = opened;
    this.meters = meters;
  }

  /** Follows a new registry snapshot. Called on one context at a time (the registry's). */
  public void update(RegistrySnapshot snapshot) {
    Map<String, ServiceRecord> wanted = new HashMap<>();
    snapshot.services().stream().filter(service -> service.deployed() && service.circuitBreaker() != null)
        .forEach(service -> wanted.put(service.name(), service));
    breakers.entrySet().removeIf(entry -> {
      ServiceRecord service = wanted.get(entry.getKey());
      ServiceBreaker breaker = entry.getValue();
      // A new address is another set of instances: what the old ones did says nothing about them.
      boolean stale = service == null || !service.circuitBreaker().equals(breaker.policy())
          || service.timeoutMs() != breaker.timeoutMs() || !service.address().equals(breaker.address());
      if (stale) {
        breaker.close();
      }
      return stale;
    });
    wanted.values().forEach(service -> breakers.computeIfAbsent(service.name(), name -> new ServiceBreaker(
        vertx, name, service.address(), service.circuitBreaker(), service.timeoutMs(), opened, meters)));
  }

  /**
   * Forwards a request for {@code service} through its breaker, or straight on when it has none: the
   * closed breaker's cost is one map lookup and vertx-circuit-breaker's bookkeeping.
   */
  public Future<ServiceReply> call(ServiceRecord service, Supplier<Future<ServiceReply>> forward) {
    ServiceBreaker breaker = service.circuitBreaker() == null ? null : breakers.get(service.name());
    return breaker == null ? forward.get() : breaker.call(forward);
  }

  /** Every breaker of this process, by service name. */
  public JsonArray toJson() {
    JsonArray list = new JsonArray();
    breakers.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> list.add(entry.getValue().toJson()));
    return list;
  }

  /** Each service's state, {@code {"appointments": "closed", ...}}, for the readiness answer. */
  public JsonObject states() {
    JsonObject states = new JsonObject();
    breakers.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> states.put(entry.getKey(), entry.getValue().state()));
    return states;
  }
}
