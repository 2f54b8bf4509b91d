package io.eventgate.common.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many consumers an event-bus address has, as far as this process can know.
 *
 * <ul>
 *   <li>Clustered: the cluster manager's registrations of the address, counted on the members still in the
 *       cluster (Hazelcast removes a departed member's registrations on its own schedule) — every process's
 *       consumers, this one's included. This is what the event bus itself sends by.</li>
 *   <li>Alone: the consumers registered through {@link ServiceConsumer} in this Vert.x instance and still
 *       registered. Vert.x offers no public way to list a local address's handlers, so a consumer made
 *       with a bare {@code eventBus().consumer(...)} is not seen here.</li>
 * </ul>
 */
public final class ConsumerCounts {

  /**
   * The tracked consumers of each event bus: several Vert.x instances may run in one JVM (tests), each with a
   * bus of its own; a closed one's entry goes with it.
   */
  private static final Map<EventBus, LocalConsumers> LOCAL = Collections.synchronizedMap(new WeakHashMap<>());

  private final EventBus bus;
  private final ClusterManager cluster;

  private ConsumerCounts(Vertx vertx) {
    this.bus = vertx.eventBus();
    this.cluster = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }

  public static ConsumerCounts of(Vertx vertx) {
    return new ConsumerCounts(vertx);
  }

  /** {@code clustered} or {@code local}: where the counts come from, for an operator reading them. */
  public String source() {
    return cluster != null ? "clustered" : "local";
  }

  /** The consumers of {@code address}: a Hazelcast read when clustered (done on a worker by the manager). */
  public Future<Integer> count(String address) {
    if (cluster == null) {
      return Future.succeededFuture(local(bus).count(address));
    }
    Promise<List<RegistrationInfo>> read = Promise.promise();
    cluster.getRegistrations(address, read);
    return read.future().map(registrations -> {
      Set<String> live = Set.copyOf(cluster.getNodes());
      return (int) registrations.stream().filter(registration -> live.contains(registration.nodeId())).count();
    });
  }

  /** Called by {@link ServiceConsumer} for each consumer it registers. */
  static void track(EventBus bus, String address, MessageConsumer<?> consumer) {
    local(bus).consumers.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(consumer);
  }

  /** Called by {@link ServiceConsumer} once a consumer is unregistered. */
  static void untrack(EventBus bus, String address, MessageConsumer<?> consumer) {
    Set<MessageConsumer<?>> set = local(bus).consumers.get(address);
    if (set != null) {
      set.remove(consumer);
    }
  }

  private static LocalConsumers local(EventBus bus) {
    return LOCAL.computeIfAbsent(bus, b -> new LocalConsumers());
  }

  /** The tracked consumers of one event bus, by address. */
  private static final class LocalConsumers {

    private final Map<String, Set<MessageConsumer<?>>> consumers = new ConcurrentHashMap<>();

    int count(String address) {
      Set<MessageConsumer<?>> set = consumers.get(address);
      if (set == null) {
        return 0;
      }
      // A verticle undeployed without stopping its consumer had it unregistered by Vert.x: forget it here.
      set.removeIf(consumer -> consumer.completion().isComplete() && !consumer.isRegistered());
      return (int) set.stream().filter(MessageConsumer::isRegistered).count();
    }
  }
}
