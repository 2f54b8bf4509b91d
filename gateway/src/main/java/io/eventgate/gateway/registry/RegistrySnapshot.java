package io.eventgate.gateway.registry;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable copy of the registry. Requests resolve against the snapshot they started with; a reload
 * builds a new one aside and swaps it whole.
 */
public final class RegistrySnapshot {

  private final Map<String, RouteRecord> routes;
  private final Map<String, ServiceRecord> services;
  private final long version;

  public RegistrySnapshot(Collection<RouteRecord> routes, Collection<ServiceRecord> services, long version) {
    this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(RouteRecord::key, Function.identity()));
    this.services = services.stream()
        .collect(Collectors.toUnmodifiableMap(ServiceRecord::name, Function.identity()));
    this.version = version;
  }

  /** The registry version this snapshot was read at (bumped by every change in PostgreSQL). */
  public long version() {
    return version;
  }

  static String key(String method, String path) {
    return method + ' ' + path;
  }

  /** Stage 1 of the pipeline: the route and service for this request, or the catalog's answer why not. */
  public ResolvedRoute resolve(String method, String path) {
    RouteRecord route = routes.get(key(method, path));
    if (route == null) {
      throw new ApiException(Status.ROUTE_NON_EXISTENT);
    }
    ServiceRecord service = services.get(route.service());
    Status refusal = refusal(route, service);
    if (refusal != null) {
      throw new ApiException(refusal);
    }
    return new ResolvedRoute(route, service);
  }

  /** Why an existing route would not be served, or {@code null} when it would be. */
  private static Status refusal(RouteRecord route, ServiceRecord service) {
    if (!route.deployed()) {
      return Status.ROUTE_NOT_FOUND;
    }
    if (service == null || !service.deployed()) {
      return Status.SERVICE_NOT_FOUND;
    }
    return null;
  }

  public Collection<RouteRecord> routes() {
    return routes.values();
  }

  /** The routes that would be served: deployed, with a deployed service. */
  public List<ResolvedRoute> deployedRoutes() {
    return routes.values().stream()
        .filter(route -> refusal(route, services.get(route.service())) == null)
        .map(route -> new ResolvedRoute(route, services.get(route.service())))
        .sorted(Comparator.comparing((ResolvedRoute r) -> r.route().path()).thenComparing(r -> r.route().method()))
        .toList();
  }

  public Collection<ServiceRecord> services() {
    return services.values();
  }

  /** A deployed route together with its deployed service. */
  public record ResolvedRoute(RouteRecord route, ServiceRecord service) {
  }
}
