package io.eventgate.gateway.registry;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link RegistrySnapshot}, shared by every gateway verticle of the process, and keeps it
 * in step with PostgreSQL: a change anywhere notifies {@value #CHANNEL} and the registry is read again and
 * swapped whole; a periodic comparison of the version catches a notification missed while the listening
 * connection was down. A reload that fails keeps the last good snapshot and tells operators, through the
 * callback its creator hands in. Until a first snapshot is held, requests answer
 * {@code identify-request-error}.
 */
public final class Registry {

  public static final String CHANNEL = "eventgate_registry";
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  private final Vertx vertx;
  // Reload bookkeeping happens on this one context, whichever thread noticed the change.
  private final Context context;
  private final RegistryStore store;
  /** Told of a reload that failed while an older snapshot is still served: a fault operators must see. */
  private final Consumer<ApiException> reloadFailed;
  private final long checkPeriodMs;
  private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>();
  /** The version served and when it was loaded, set together before the snapshot is swapped in. */
  private volatile Served served;
  /** Told of every snapshot swapped in, on this registry's context. */
  private Consumer<RegistrySnapshot> swapped = snapshot -> { };
  private PgSubscriber subscriber;
  private long checkTimer = -1;
  private volatile boolean stopped;
  // Reloads run one at a time; changes noticed during one ask for one more, not one per notification.
  private boolean reloading;
  private Promise<Void> followUp;

  /**
   * @param reloadFailed told of each reload that fails while a snapshot is held, with the internal detail
   *                     operators need; it must not throw
   */
  public Registry(Vertx vertx, RegistryStore store, Consumer<ApiException> reloadFailed, long checkPeriodMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.store = store;
    this.reloadFailed = reloadFailed;
    this.checkPeriodMs = checkPeriodMs;
  }

  /**
   * Loads the first snapshot and starts following changes. A first load that fails is not fatal: the
   * periodic check keeps trying, and the gateway answers {@code identify-request-error} meanwhile.
   */
  public Future<Void> start(PgConnectOptions listenOn) {
    subscriber = PgSubscriber.subscriber(vertx, listenOn).reconnectPolicy(retries -> 1_000L);
    // Subscribed, or subscribed again after a reconnect: changes may have been missed, so read again.
    subscriber.channel(CHANNEL).subscribeHandler(v -> reload()).handler(payload -> reload());
    listen();
    checkTimer = vertx.setPeriodic(checkPeriodMs, id -> checkVersion());
    return reload().otherwise(failure -> null);
  }

  /**
   * Connects the listening connection. The subscriber's reconnect policy covers a connection that drops;
   * a first connection that fails is retried here, every second, until it succeeds or the registry stops.
   */
  private void listen() {
    subscriber.connect().onFailure(e -> {
      if (stopped) {
        return;
      }
      LOG.warn("not listening for registry changes yet ({}); retrying in 1 s", e.getClass().getSimpleName());
      vertx.setTimer(1_000, id -> {
        if (!stopped) {
          listen();
        }
      });
    });
  }

  public void stop() {
    stopped = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  /**
   * Tells {@code listener} of each snapshot swapped in from now on, on this registry's context, one at a time;
   * call it before {@link #start}. It must not throw.
   */
  public void onSnapshot(Consumer<RegistrySnapshot> listener) {
    this.swapped = listener;
  }

  /** The snapshot to resolve the current request against. */
  public RegistrySnapshot snapshot() {
    RegistrySnapshot snapshot = current.get();
    if (snapshot == null) {
      throw new ApiException(Status.IDENTIFY_REQUEST_ERROR);
    }
    return snapshot;
  }

  public boolean loaded() {
    return current.get() != null;
  }

  /** The version of the snapshot served, with when it was loaded: what operators compare across gateways. */
  public JsonObject served() {
    Served now = served;
    return now == null ? new JsonObject()
        : new JsonObject().put("version", now.version()).put("since", now.since().toString());
  }

  private record Served(long version, Instant since) {
  }

  /**
   * Reads the registry and swaps the new snapshot in whole. Completes once a read that started after this
   * call is done: when a reload is already running, one more follows it (however many ask meanwhile).
   */
  public Future<Void> reload() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (reloading) {
        if (followUp == null) {
          followUp = Promise.promise();
        }
        followUp.future().onComplete(done);
      } else {
        run(done);
      }
    });
    return done.future();
  }

  private void run(Promise<Void> done) {
    reloading = true;
    store.load().onComplete(result -> {
      if (result.succeeded()) {
        RegistrySnapshot previous = current.get();
        if (previous == null || previous.version() != result.result().version()) {
          served = new Served(result.result().version(), Instant.now());
        }
        current.set(result.result());
        try {
          swapped.accept(result.result());
        } catch (RuntimeException e) {
          // A follower's fault must not stop the registry: it would never reload again.
          LOG.error("a follower of registry version {} failed: {}", result.result().version(),
              ApiException.describe(e));
        }
        if (previous == null || previous.version() != result.result().version()) {
          LOG.info("registry version {} loaded: {} routes, {} services", result.result().version(),
              result.result().routes().size(), result.result().services().size());
        }
        done.complete();
      } else {
        failed(result.cause());
        done.fail(result.cause());
      }
      reloading = false;
      if (followUp != null) {
        Promise<Void> next = followUp;
        followUp = null;
        run(next);
      }
    });
  }

  private void checkVersion() {
    RegistrySnapshot snapshot = current.get();
    if (snapshot == null) {
      reload();
      return;
    }
    store.version().onSuccess(version -> {
      if (version != snapshot.version()) {
        reload();
      }
    });
  }

  private void failed(Throwable cause) {
    if (current.get() == null) {
      LOG.error("the registry could not be read ({}); retrying every {} ms", cause.getClass().getSimpleName(),
          checkPeriodMs);
      return;
    }
    LOG.warn("a registry reload failed ({}); still serving version {}", cause.getClass().getSimpleName(),
        current.get().version());
    reloadFailed.accept(ApiException.withDetail(Status.APPLICATION_CRASH, null,
        "registry reload failed, still serving version " + current.get().version() + ": "
            + ApiException.describe(cause)));
  }
}
