package io.eventgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.testkit.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One address floods the login route with guesses while people elsewhere log in (README, "Security"): the
 * flooding address is refused by the route's shipped per-address limit before its passwords are hashed,
 * every correct login from another address succeeds throughout, and no login is answered after the route's
 * timeout.
 */
class LoginFloodTest {

  private static final TestSystem SYSTEM = TestSystem.get();
  /**
   * Flooding threads and the pause each takes between requests: a few hundred requests a second. The test's
   * own client shares this machine's two cores with the gateway, so a flood sent as fast as it can go would
   * measure how the client starves the hashing threads, not what the gateway does.
   */
  private static final int FLOODERS = 4;
  private static final long FLOOD_PAUSE_MS = 5;
  /** Correct logins made during the flood, one after the other (each costs a hash of about half a second). */
  private static final int GOOD_LOGINS = 8;
  /** The users service's timeout_ms in conf/registry.json: no answer may come later than this. */
  private static final long ROUTE_TIMEOUT_MS = 5_000;

  /** Sends a login and records its status and how long its answer took. */
  private static Answer login(String email, String password, String client, AtomicLong slowestMs) {
    long start = System.nanoTime();
    Answer answer = SYSTEM.loginFrom(client, email, password);
    slowestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
    return answer;
  }

  @Test
  void aFloodFromOneAddressIsRefusedWhileEveryoneElseLogsIn() throws Exception {
    String flooder = TestSystem.someClient();
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong slowestMs = new AtomicLong();
    Map<String, AtomicInteger> floodAnswers = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
    List<Future<?>> flood = new ArrayList<>();
    for (int i = 0; i < FLOODERS; i++) {
      flood.add(pool.submit(() -> {
        int n = 0;
        while (flooding.get()) {
          // Guesses at many accounts, known and unknown, so only the address limit can stop them.
          String email = (n++ % 2 == 0 ? TestSystem.CLARA : "guess-" + n + "@demo.test");
          Answer answer = login(email, "guess-" + n, flooder, slowestMs);
          floodAnswers.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(FLOOD_PAUSE_MS);
        }
        return null;
      }));
    }

    List<String> goodLogins = new ArrayList<>();
    Thread.sleep(500);
    for (int i = 0; i < GOOD_LOGINS; i++) {
      Answer answer = login(TestSystem.ERIN, TestSystem.PASSWORD, TestSystem.someClient(), slowestMs);
      goodLogins.add(answer.code() + " " + answer.status());
      Thread.sleep(200);
    }
    flooding.set(false);
    for (Future<?> f : flood) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(goodLogins).as("correct logins from other addresses during the flood")
        .allMatch(answer -> answer.equals("200 action-successful"));
    // The shipped limit lets 20 through a minute; everything else from the flooder is refused unhashed.
    assertThat(floodAnswers.get("rate-limited")).as(floodAnswers.toString()).isNotNull();
    int total = floodAnswers.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(floodAnswers.get("rate-limited").get()).as(floodAnswers.toString()).isGreaterThanOrEqualTo(total - 20);
    assertThat(floodAnswers.keySet()).as(floodAnswers.toString())
        .isSubsetOf("rate-limited", "invalid-param", "service-unavailable");
    assertThat(slowestMs.get()).as("the slowest answer, in ms").isLessThan(ROUTE_TIMEOUT_MS);
  }
}
