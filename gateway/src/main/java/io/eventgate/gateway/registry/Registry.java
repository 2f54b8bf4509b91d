package io.eventgate.gateway.registry;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link RegistrySnapshot}, shared by every gateway verticle of the process. Until a
 * first snapshot is loaded, requests answer {@code identify-request-error}, and loading is retried.
 */
public final class Registry {

  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
  private static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final RegistryStore store;
  private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>();
  private long retryTimer = -1;

  public Registry(Vertx vertx, RegistryStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * Loads the first snapshot. A failure is logged and retried in the background rather than failing
   * start-up, so the gateway can answer {@code identify-request-error} meanwhile.
   */
  public Future<Void> start() {
    return reload().otherwise(failure -> {
      LOG.error("the registry could not be read ({}); retrying every {} ms", failure.getClass().getSimpleName(),
          RETRY_MS);
      retryTimer = vertx.setPeriodic(RETRY_MS, id -> reload().onSuccess(v -> {
        vertx.cancelTimer(id);
        LOG.info("the registry is loaded");
      }));
      return null;
    });
  }

  /** Reads the registry and swaps the new snapshot in whole; the last good one stays when reading fails. */
  public Future<Void> reload() {
    return store.load().onSuccess(current::set).mapEmpty();
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

  public void stop() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
  }
}
