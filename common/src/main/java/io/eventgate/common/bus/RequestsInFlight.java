package io.eventgate.common.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The requests of one process still waiting for their answer, by event-bus address, so that they can be
 * answered early when it is known that nobody will ({@link MemberLossWatcher}). Each request costs one add and
 * one remove in a concurrent set of its address: no lock is shared by the event loops.
 */
final class RequestsInFlight {

  /** One request: its answer, and the context its caller waits on. */
  private record Pending(Promise<?> answer, Context context) {

    /** Fails it, on its caller's context, unless it was answered already: a request answers once. */
    void fail(Throwable failure) {
      if (context == null) {
        answer.tryFail(failure);
      } else {
        context.runOnContext(v -> answer.tryFail(failure));
      }
    }
  }

  private final ConcurrentMap<String, Set<Pending>> byAddress = new ConcurrentHashMap<>();
  private final Consumer<String> firstUse;

  /** @param firstUse told once per address, the first time a request is sent to it; must not block */
  RequestsInFlight(Consumer<String> firstUse) {
    this.firstUse = firstUse;
  }

  /**
   * The answer of a request to {@code address}, as its caller sees it: {@code answer}'s outcome, unless
   * {@link #failAll} comes first. Whichever comes second is dropped, so a reply that arrives after the request
   * was failed (or the request's own timeout firing then) answers nothing and throws nothing.
   */
  <T> Future<T> track(String address, Future<T> answer) {
    Set<Pending> pending = byAddress.get(address);
    if (pending == null) {
      Set<Pending> fresh = ConcurrentHashMap.newKeySet();
      Set<Pending> earlier = byAddress.putIfAbsent(address, fresh);
      pending = earlier != null ? earlier : fresh;
      if (earlier == null) {
        firstUse.accept(address);
      }
    }
    Promise<T> settled = Promise.promise();
    Pending request = new Pending(settled, Vertx.currentContext());
    pending.add(request);
    Set<Pending> of = pending;
    answer.onComplete(result -> {
      of.remove(request);
      if (result.succeeded()) {
        settled.tryComplete(result.result());
      } else {
        settled.tryFail(result.cause());
      }
    });
    return settled.future();
  }

  /** Every address a request was ever sent to from here: a handful, the services' addresses. */
  Set<String> addresses() {
    return byAddress.keySet();
  }

  /** Fails with {@code failure} each request to {@code address} still waiting; answers how many there were. */
  int failAll(String address, Throwable failure) {
    Set<Pending> pending = byAddress.get(address);
    if (pending == null) {
      return 0;
    }
    int failed = 0;
    for (Pending request : pending) {
      if (pending.remove(request)) {
        request.fail(failure);
        failed++;
      }
    }
    return failed;
  }
}
