package io.eventgate.gateway.notifications;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.api.StorableText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the faults operators must look at — {@code application-crash}, {@code mandrill-email-failed} and
 * anything unexpected — off the request's path: {@link #record} only counts in memory, and once a second the counts are
 * written, one row per distinct fault and minute. Best effort: a failed write is logged and dropped, and
 * never touches a response.
 */
public final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final long FLUSH_MS = 1_000;
  /** Distinct faults held between two flushes; beyond it faults are counted as dropped. */
  private static final int MAX_PENDING = 1_000;

  private final NotificationStore store;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private Vertx vertx;
  private long timer = -1;

  public Notifier(NotificationStore store) {
    this.store = store;
  }

  public static boolean concerns(Status status) {
    return status == Status.APPLICATION_CRASH || status == Status.MANDRILL_EMAIL_FAILED;
  }

  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** Stops the periodic flush and writes what is still counted; call it before the pool closes. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return flush();
  }

  /**
   * Counts one occurrence of a fault, if it is one operators must see — a status that always concerns them,
   * or any failure that carries internal detail (something unexpected, whatever status it is answered
   * with); never blocks, never throws.
   */
  public void record(ApiException failure, String route, String requestId) {
    record(failure, route, requestId, null);
  }

  /** {@link #record(ApiException, String, String)} of a request whose trace is {@code traceId} (or null). */
  public void record(ApiException failure, String route, String requestId, String traceId) {
    if (!concerns(failure.status()) && failure.detail() == null) {
      return;
    }
    // The detail (an exception's message) and the route may quote what a client sent; U+0000 in either
    // would make the whole batch's insert fail, so they are made storable first.
    String detail = StorableText.storable(failure.detail() == null ? failure.getMessage() : failure.detail());
    String where = StorableText.storable(route);
    String key = failure.status().code() + '|' + where + '|' + detail;
    if (pending.size() >= MAX_PENDING && !pending.containsKey(key)) {
      dropped.incrementAndGet();
      return;
    }
    pending.compute(key, (k, existing) -> existing == null
        ? new Pending(failure.status().code(), where, detail, requestId, requestId, traceId, traceId, 1)
        : existing.again(requestId, traceId));
  }

  /** Writes what was counted since the last flush. */
  Future<Void> flush() {
    List<Tuple> batch = new ArrayList<>();
    for (String key : List.copyOf(pending.keySet())) {
      Pending fault = pending.remove(key);
      if (fault != null) {
        batch.add(Tuple.of(fault.status, fault.route, fault.detail, fault.firstRequestId, fault.lastRequestId,
            fault.count, fault.firstTraceId, fault.lastTraceId));
      }
    }
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      LOG.warn("{} faults were not recorded as notifications: too many distinct faults at once", lost);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.add(batch).onFailure(e -> LOG.warn("{} notifications could not be written: {}", batch.size(),
        e.getClass().getSimpleName())).otherwiseEmpty();
  }

  private record Pending(String status, String route, String detail, String firstRequestId, String lastRequestId,
                         String firstTraceId, String lastTraceId, int count) {

    Pending again(String requestId, String traceId) {
      return new Pending(status, route, detail, firstRequestId, requestId, firstTraceId, traceId, count + 1);
    }
  }
}
