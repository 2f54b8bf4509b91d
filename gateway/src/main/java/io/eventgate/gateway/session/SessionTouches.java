package io.eventgate.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code last_used_at} writes of a process, gathered. A session claims a touch at most once a minute
 * ({@link SessionRecord#claimTouch}); the claims of the next {@link #GATHER_MS} wait together and one
 * statement writes them all. With thousands of sessions in use, each used every few seconds, that is one
 * statement a second instead of one for every session every minute; a write lands at most that much later,
 * which the idle rule (72 hours, judged to the minute of the last touch) cannot notice. The process's
 * shutdown writes what is still waiting.
 */
public final class SessionTouches {

  private static final Logger LOG = LoggerFactory.getLogger(SessionTouches.class);
  /** How long a claimed touch waits for others. */
  static final long GATHER_MS = 1_000;
  /** Sessions per statement, so that no statement carries an unbounded parameter. */
  static final int PER_STATEMENT = 1_000;

  private final Vertx vertx;
  private final SessionStore store;
  private final ConcurrentLinkedQueue<UUID> claimed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  public SessionTouches(Vertx vertx, SessionStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Writes this session's {@code last_used_at} with the others claimed within {@link #GATHER_MS}. */
  void claim(UUID session) {
    claimed.add(session);
    if (scheduled.compareAndSet(false, true)) {
      vertx.setTimer(GATHER_MS, id -> flush());
    }
  }

  /** Writes every touch claimed so far. */
  public Future<Void> flush() {
    scheduled.set(false);
    List<Future<?>> written = new ArrayList<>();
    List<UUID> batch = new ArrayList<>();
    for (UUID id = claimed.poll(); id != null; id = claimed.poll()) {
      batch.add(id);
      if (batch.size() == PER_STATEMENT) {
        written.add(write(batch));
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      written.add(write(batch));
    }
    return Future.join(written).mapEmpty();
  }

  private Future<?> write(List<UUID> sessions) {
    return store.touch(sessions).onFailure(e -> LOG.warn("last_used_at of {} sessions not written: {}",
        sessions.size(), e.getClass().getSimpleName()));
  }
}
