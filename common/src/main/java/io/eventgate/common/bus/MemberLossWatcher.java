package io.eventgate.common.bus;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers at once the requests in flight to an address whose last consumer's process has left the cluster,
 * instead of letting each wait its full timeout.
 *
 * <p>Why it is needed: Vert.x 5's clustered event bus never fails a request when the member it was sent to
 * leaves. A message written to a process that then dies, or queued while the connection to it is refused,
 * waits for its reply until its timeout — even though Hazelcast notices a killed process within a fraction of
 * a second (its connection closes). And which member a request went to is chosen inside Vert.x (its node
 * selector), out of sight of the caller. So the watcher decides per address, not per request: when a member
 * leaves, it fails the requests in flight to an address only if
 * <ol>
 *   <li>no live member holds a consumer of the address now (the cluster's registrations, filtered by the live
 *       members: Hazelcast removes a departed member's registrations on its own schedule), and</li>
 *   <li>every member last seen holding one has left.</li>
 * </ol>
 * The first keeps it from failing a request a member that just registered may answer; the second keeps it
 * from failing one that a draining member (its consumer unregistered, its last requests still being worked
 * on, as in a rolling restart) will still answer. Who holds an address is read off the request path: when the
 * address is first used, and on every membership change. A holder set seen empty is "nobody known", never
 * "all gone".
 *
 * <p>The limits: with several instances of a service, losing one fails nothing early — its requests cannot
 * be told from the survivors' — and they wait their timeout. And consumers are only re-read on membership
 * changes, so a member that registered since the last one and is already draining when the last known holder
 * dies could have its requests failed; that takes a process started and stopped again between two membership
 * changes, while the old one crashes.
 *
 * <p>Its own listener on the cluster's Hazelcast instance, not Vert.x's single {@code nodeListener} slot (Vert.x
 * takes that one when HA is on). Everything runs on one Vert.x context: Hazelcast's threads only hand the
 * events over, and the cluster manager reads the registrations on a worker and answers on the calling context.
 */
final class MemberLossWatcher implements MembershipListener, InFlightWatch {

  /*
   * After failing what was in flight, the watcher looks again a few times: until Vert.x's node selector has
   * caught up with the registrations removed, a request may still be sent to the departed member, and it
   * would wait its full timeout too.
   */
  private static final long RECHECK_MS = 250;
  private static final int RECHECKS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(MemberLossWatcher.class);

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final HazelcastInstance hazelcast;
  private final Context context;
  private final RequestsInFlight requests = new RequestsInFlight(this::firstUse);
  /** Address → the live members last seen consuming it; only touched on {@link #context}. */
  private final Map<String, Set<String>> holders = new HashMap<>();

  private MemberLossWatcher(Vertx vertx, HazelcastClusterManager cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.hazelcast = cluster.getHazelcastInstance();
    this.context = vertx.getOrCreateContext();
  }

  /**
   * A watcher for {@code vertx}'s requests when it is clustered on Hazelcast; {@code null} otherwise (alone, a
   * process's consumers cannot leave without it).
   */
  static MemberLossWatcher install(Vertx vertx) {
    if (!vertx.isClustered()
        || !(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) {
      return null;
    }
    MemberLossWatcher watcher = new MemberLossWatcher(vertx, manager);
    watcher.hazelcast.getCluster().addMembershipListener(watcher);
    return watcher;
  }

  /** The answer of a request to {@code address}, failed early if the last member consuming it leaves. */
  @Override
  public <T> Future<T> track(String address, Future<T> answer) {
    return requests.track(address, answer);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    context.runOnContext(v -> membersChanged());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    context.runOnContext(v -> membersChanged());
  }

  private void firstUse(String address) {
    context.runOnContext(v -> check(address, null, 0));
  }

  private void membersChanged() {
    for (String address : requests.addresses()) {
      check(address, holders.get(address), RECHECKS);
    }
  }

  /**
   * Refreshes who holds {@code address} and, when nobody live does and all of {@code lastSeen} are gone, fails
   * what is in flight to it, then looks again {@code rechecks} more times.
   */
  private void check(String address, Set<String> lastSeen, int rechecks) {
    registrations(address).onComplete(read -> {
      if (read.failed()) {
        // Nobody can be told apart: fail nothing; the requests keep their own timeout. A process leaving the
        // cluster itself sees its own membership end this way, which is no news.
        if (hazelcast.getLifecycleService().isRunning()) {
          LOG.warn("the consumers of {} could not be read after a cluster change ({})", address,
              read.cause().getClass().getSimpleName());
        }
        return;
      }
      Set<String> live = new HashSet<>(cluster.getNodes());
      Set<String> liveHolders = read.result().stream().map(RegistrationInfo::nodeId).filter(live::contains)
          .collect(Collectors.toUnmodifiableSet());
      holders.put(address, liveHolders);
      if (!liveHolders.isEmpty() || lastSeen == null || lastSeen.isEmpty() || !Collections.disjoint(lastSeen, live)) {
        return;
      }
      // What the bus says of an address nobody consumes, which is now the case: the client reads it as such.
      int failed = requests.failAll(address,
          new ReplyException(ReplyFailure.NO_HANDLERS, "every member consuming " + address + " has left the cluster"));
      if (failed > 0) {
        LOG.info("{} requests in flight to {} answered at once: every member consuming it has left the cluster",
            failed, address);
      }
      if (rechecks > 0) {
        vertx.setTimer(RECHECK_MS, id -> check(address, lastSeen, rechecks - 1));
      }
    });
  }

  /** The cluster's registrations for {@code address}: a Hazelcast read, which the cluster manager does on a worker. */
  private Future<List<RegistrationInfo>> registrations(String address) {
    Promise<List<RegistrationInfo>> read = Promise.promise();
    cluster.getRegistrations(address, read);
    return read.future();
  }
}
