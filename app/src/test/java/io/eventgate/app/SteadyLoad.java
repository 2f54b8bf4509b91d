package io.eventgate.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady requests from a few client threads, each waiting for its answer before sending the next, until
 * stopped or for at most a given time, whatever happens to the test; each answer is kept as an outcome
 * {@code O}. What the cluster tests put a system under while they kill, restart or drain its processes.
 */
final class SteadyLoad<O> {

  /** One request, sent at {@code sentAt} ({@link System#nanoTime()}); it may pause after its answer. */
  interface Call<O> {
    O send(long sentAt) throws Exception;
  }

  /** What a request that got no answer at all counts as. */
  interface NoAnswer<O> {
    O of(long sentAt, Exception failure);
  }

  private final ExecutorService threads;
  private final ConcurrentLinkedQueue<O> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;

  private final List<Future<?>> clients = new ArrayList<>();

  private SteadyLoad(int clients) {
    // Daemon threads: a test that fails before stop() must not leave its load running into the next tests.
    this.threads = Executors.newFixedThreadPool(clients, task -> {
      Thread thread = new Thread(task, "steady-load");
      thread.setDaemon(true);
      return thread;
    });
  }

  static <O> SteadyLoad<O> start(int clients, Duration atMost, Call<O> call, NoAnswer<O> noAnswer) {
    SteadyLoad<O> load = new SteadyLoad<>(clients);
    long deadline = System.nanoTime() + atMost.toNanos();
    for (int i = 0; i < clients; i++) {
      load.clients.add(load.threads.submit(() -> {
        while (load.running && System.nanoTime() < deadline) {
          long at = System.nanoTime();
          load.sent.incrementAndGet();
          O outcome;
          try {
            outcome = call.send(at);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          } catch (Exception e) {
            outcome = noAnswer.of(at, e);
          }
          load.outcomes.add(outcome);
        }
        return null;
      }));
    }
    return load;
  }

  long sent() {
    return sent.get();
  }

  int answered() {
    return outcomes.size();
  }

  /**
   * Stops sending, waits for the answers still due, and gives every outcome; fails when a client is still
   * waiting after 30 s, or ended on something other than an answer.
   */
  List<O> stop() throws Exception {
    running = false;
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      threads.shutdownNow();
      throw new AssertionError("a client of the load was still waiting 30 s after the load stopped");
    }
    for (Future<?> client : clients) {
      client.get();
    }
    return new ArrayList<>(outcomes);
  }
}
