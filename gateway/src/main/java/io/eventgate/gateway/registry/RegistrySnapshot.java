package io.eventgate.gateway.registry;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable copy of the registry. Requests resolve against the snapshot they started with; a reload
 * builds a new one aside and swaps it whole.
 */
public final class RegistrySnapshot {

  private final Map<String, RouteRecord> routes;
  private final Map<String, ServiceRecord> services;
  private final RegistryDefaults defaults;
  /** The methods that have a route at each path, for the {@code Allow} of an {@code OPTIONS} answer. */
  private final Map<String, String> methodsByPath;
  private final long version;

  /** A registry with no defaults set. */
  public RegistrySnapshot(Collection<RouteRecord> routes, Collection<ServiceRecord> services, long version) {
    this(routes, services, RegistryDefaults.NONE, version);
  }

  public RegistrySnapshot(Collection<RouteRecord> routes, Collection<ServiceRecord> services,
      RegistryDefaults defaults, long version) {
    this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(RouteRecord::key, Function.identity()));
    this.services = services.stream()
        .collect(Collectors.toUnmodifiableMap(ServiceRecord::name, Function.identity()));
    this.defaults = defaults;
    this.methodsByPath = routes.stream().collect(Collectors.groupingBy(RouteRecord::path,
            Collectors.mapping(RouteRecord::method, Collectors.toCollection(TreeSet::new))))
        .entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> String.join(", ", e.getValue())));
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

  /** The route record for this method and path, deployed or not; {@code null} when there is none. */
  public RouteRecord route(String method, String path) {
    return routes.get(key(method, path));
  }

  /** The methods that have a route record at this path, comma-separated; empty when none has. */
  public String methodsAt(String path) {
    return methodsByPath.getOrDefault(path, "");
  }

  /** The CORS policy of a route: its own, or the default for a route without one or for no route at all. */
  public CorsPolicy cors(RouteRecord route) {
    return route != null && route.cors() != null ? route.cors() : defaults.cors();
  }

  public RegistryDefaults defaults() {
    return defaults;
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
