package io.eventgate.gateway.cluster;

import io.eventgate.common.bus.ConsumerCounts;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistrySnapshot;
import io.eventgate.gateway.registry.RegistryStore;
import io.eventgate.gateway.registry.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The answer of {@code GET /admin/cluster} (docs/API.md section 10): the registry version in PostgreSQL; every
 * gateway process as it last reported itself ({@link GatewayReports}), marked {@code behind} when it serves an
 * older version and {@code stale} when its report is overdue; every service address of the registry with its
 * consumers on the event bus ({@link ConsumerCounts}); and the deployed routes whose address has none.
 *
 * <p>The version is read before the reports, so a gateway is never called behind a version that came after
 * its report. Addresses and routes are those of the registry this gateway serves. A count not read within
 * {@value #COUNT_DEADLINE_MS} ms is {@code null}, unknown, and its routes are not flagged: a member that froze
 * holding part of the cluster's registrations must not freeze the view that would show it.
 */
public final class ClusterView {

  static final long COUNT_DEADLINE_MS = 1_000;

  private final Registry registry;
  private final RegistryStore store;
  private final GatewayReports reports;
  private final ConsumerCounts consumers;
  private final String self;

  public ClusterView(Registry registry, RegistryStore store, GatewayReports reports, ConsumerCounts consumers,
      String self) {
    this.registry = registry;
    this.store = store;
    this.reports = reports;
    this.consumers = consumers;
    this.self = self;
  }

  public Future<JsonObject> answer() {
    RegistrySnapshot snapshot = registry.loaded() ? registry.snapshot() : null;
    return store.version().compose(current -> reports.list().compose(list -> counts(snapshot)
        .map(counts -> new JsonObject()
            .put("registry_version", current)
            .put("answered_by", self)
            .put("consumers_from", consumers.source())
            .put("gateways", new JsonArray(list.stream().map(report -> report.toJson(current)).toList()))
            .put("addresses", addresses(snapshot, counts))
            .put("unserved", unserved(snapshot, counts)))));
  }

  /** The consumer count of every address the registry names, by address. */
  private Future<Map<String, Integer>> counts(RegistrySnapshot snapshot) {
    List<String> addresses = snapshot == null ? List.of()
        : snapshot.services().stream().map(ServiceRecord::address).distinct().sorted().toList();
    List<Future<Integer>> counted = addresses.stream().map(address -> consumers.count(address)
        .timeout(COUNT_DEADLINE_MS, TimeUnit.MILLISECONDS).otherwise((Integer) null)).toList();
    return Future.all(counted).map(all -> {
      Map<String, Integer> counts = new TreeMap<>();
      for (int i = 0; i < addresses.size(); i++) {
        counts.put(addresses.get(i), counted.get(i).result());
      }
      return counts;
    });
  }

  private static JsonArray addresses(RegistrySnapshot snapshot, Map<String, Integer> counts) {
    JsonArray list = new JsonArray();
    counts.forEach((address, count) -> list.add(new JsonObject().put("address", address)
        .put("services", new JsonArray(snapshot.services().stream()
            .filter(service -> service.address().equals(address)).map(ServiceRecord::name).sorted().toList()))
        .put("consumers", count)));
    return list;
  }

  /** The routes that would be forwarded (deployed, with a deployed service) to an address nobody consumes. */
  private static JsonArray unserved(RegistrySnapshot snapshot, Map<String, Integer> counts) {
    JsonArray list = new JsonArray();
    if (snapshot == null) {
      return list;
    }
    snapshot.deployedRoutes().stream()
        .filter(resolved -> Integer.valueOf(0).equals(counts.get(resolved.service().address())))
        .forEach(resolved -> list.add(new JsonObject().put("method", resolved.route().method())
            .put("path", resolved.route().path()).put("service", resolved.service().name())
            .put("address", resolved.service().address())));
    return list;
  }
}
