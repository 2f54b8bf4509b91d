package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.cluster.Cluster;
import io.eventgate.common.config.Settings;
import io.eventgate.common.config.SettingsLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member-loss watcher of {@link ServiceClients#of} on a real Hazelcast cluster of Vert.x instances in this
 * JVM, configured as the processes are ({@link Cluster}). A member "dies" by having its Hazelcast instance
 * terminated: the cluster drops it as it drops a killed process, while its consumers, which never answer,
 * stay where they are. It answers early what only a dead member held, and never what a live one may still
 * answer — a draining member, or another instance of the service.
 */
class MemberLossWatcherTest {

  /** The requests' timeout: an early answer comes long before it. */
  private static final long TIMEOUT_MS = 30_000;
  /** Generous for a loaded machine, and still far below {@link #TIMEOUT_MS}. */
  private static final long EARLY_MS = 10_000;
  /** Longer than the watcher takes to act on a membership change, rechecks included. */
  private static final long SETTLE_MS = 2_000;

  private static Settings settings;
  private static Vertx caller;
  private static ServiceClient client;
  private static final ConcurrentLinkedQueue<Throwable> callerErrors = new ConcurrentLinkedQueue<>();
  private final List<Vertx> members = new ArrayList<>();

  @BeforeAll
  static void startTheCaller() {
    settings = SettingsLoader.load(new JsonObject().put("CLUSTER_NAME", "member-loss-" + UUID.randomUUID())
        .put("CLUSTER_PORT", freePortBlock()));
    caller = member();
    caller.exceptionHandler(callerErrors::add);
    client = ServiceClients.of(caller);
  }

  @AfterAll
  static void stopTheCaller() {
    close(caller);
  }

  @AfterEach
  void stopTheMembers() {
    members.forEach(MemberLossWatcherTest::close);
    assertThat(callerErrors).as("nothing thrown on the caller").isEmpty();
  }

  @Test
  void aRequestHeldByTheOnlyConsumerWhenItsProcessDiesIsAnsweredServiceUnavailableAtOnce() throws Exception {
    String address = "test.loss.only-" + UUID.randomUUID();
    Vertx service = startMember();
    Held held = Held.consume(service, address);
    warmUp(address);
    Future<ServiceReply> answer = client.request(address, request("hang"), TIMEOUT_MS);
    held.awaitCount(1);

    long diedAt = System.nanoTime();
    die(service);
    Throwable failure = awaitFailure(answer);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt);

    assertThat(failure).isInstanceOf(ApiException.class);
    assertThat(((ApiException) failure).status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
    assertThat(ServiceClient.unanswered(failure)).as("the breaker counts it").isTrue();
    assertThat(waitedMs).as("answered ms after the member died").isLessThan(EARLY_MS);
    // A late reply from the dead member, if it gets through, finds the request answered: nothing throws.
    held.replyAll();
    Thread.sleep(SETTLE_MS);
  }

  @Test
  void aDrainingMemberStillAnswersWhatItTookWhileTheClusterChanges() throws Exception {
    String address = "test.loss.draining-" + UUID.randomUUID();
    Vertx service = startMember();
    Held held = Held.consume(service, address);
    warmUp(address);
    Future<ServiceReply> answer = client.request(address, request("hang"), TIMEOUT_MS);
    held.awaitCount(1);
    Vertx other = startMember();
    Thread.sleep(SETTLE_MS);
    // A rolling restart: the consumer unregisters, the process finishes what it took.
    held.consumer.unregister().await();
    // Meanwhile another member dies: nobody consumes the address now, but its last holder is alive.
    die(other);
    Thread.sleep(SETTLE_MS);
    assertThat(answer.isComplete()).as("the request is left to the draining member").isFalse();

    held.replyAll();
    assertThat(answer.toCompletionStage().toCompletableFuture().get(EARLY_MS, TimeUnit.MILLISECONDS))
        .isNotNull();
  }

  @Test
  void whileAnotherInstanceLivesNothingIsFailedEarly() throws Exception {
    String address = "test.loss.two-" + UUID.randomUUID();
    Vertx survivor = startMember();
    Vertx lost = startMember();
    Held kept = Held.consume(survivor, address);
    Held dropped = Held.consume(lost, address);
    warmUp(address);
    List<Future<ServiceReply>> answers = new ArrayList<>();
    // Vert.x spreads the requests between the two; send until each holds one.
    while (kept.count() == 0 || dropped.count() == 0) {
      answers.add(client.request(address, request("hang"), TIMEOUT_MS));
      Thread.sleep(100);
    }

    die(lost);
    Thread.sleep(SETTLE_MS);
    // Which of them the dead member held cannot be told from the survivor's: none is failed early.
    assertThat(answers).noneMatch(Future::isComplete);
    kept.replyAll();
    // The survivor's answers arrive; the dead member's requests keep waiting for their timeout.
    awaitCompleted(answers, kept.count());
    assertThat(answers).filteredOn(Future::isComplete).hasSize(kept.count()).allMatch(Future::succeeded);
  }

  /** A first answered request: it makes the watcher note who holds the address, as in a running gateway. */
  private static void warmUp(String address) throws Exception {
    assertThat(client.request(address, request("answer"), TIMEOUT_MS).toCompletionStage().toCompletableFuture()
        .get(EARLY_MS, TimeUnit.MILLISECONDS)).isNotNull();
    // The watcher reads the holders off the request path; give it the moment it takes.
    Thread.sleep(500);
  }

  private static ServiceRequest request(String action) {
    return new ServiceRequest(action, new JsonObject(), Caller.ANONYMOUS, "rid-" + action);
  }

  private static Throwable awaitFailure(Future<?> answer) throws Exception {
    try {
      answer.toCompletionStage().toCompletableFuture().get(TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the request succeeded");
  }

  private static void awaitCompleted(List<Future<ServiceReply>> answers, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EARLY_MS);
    while (answers.stream().filter(Future::isComplete).count() < count) {
      assertThat(System.nanoTime()).as("an answer arrives").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A consumer that holds every "hang" request until told to answer; answers anything else at once. */
  private record Held(MessageConsumer<Object> consumer, ConcurrentLinkedQueue<Message<Object>> messages) {

    static Held consume(Vertx vertx, String address) {
      ConcurrentLinkedQueue<Message<Object>> messages = new ConcurrentLinkedQueue<>();
      MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> {
        if ("hang".equals(((JsonObject) message.body()).getString("action"))) {
          messages.add(message);
        } else {
          message.reply(ServiceReply.empty().toJson());
        }
      });
      consumer.completion().await();
      return new Held(consumer, messages);
    }

    int count() {
      return messages.size();
    }

    void awaitCount(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EARLY_MS);
      while (messages.size() < count) {
        assertThat(System.nanoTime()).as("the request is delivered").isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    void replyAll() {
      messages.forEach(message -> message.reply(ServiceReply.empty().toJson()));
    }
  }

  private Vertx startMember() {
    Vertx member = member();
    members.add(member);
    return member;
  }

  private static Vertx member() {
    VertxOptions options = new VertxOptions();
    return Vertx.builder().with(options).withClusterManager(Cluster.configure(options, settings))
        .buildClustered().await();
  }

  /** As a kill -9 looks to the cluster: the member's connections close and it is dropped. */
  private static void die(Vertx member) {
    ((HazelcastClusterManager) ((VertxInternal) member).clusterManager()).getHazelcastInstance()
        .getLifecycleService().terminate();
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A member whose Hazelcast was terminated may not leave cleanly; it is gone either way.
    }
  }

  /** The first of {@link Cluster#PORT_COUNT} consecutive free ports, for this test's own cluster. */
  private static int freePortBlock() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(600) * Cluster.PORT_COUNT;
      if (IntStream.range(base, base + Cluster.PORT_COUNT).allMatch(MemberLossWatcherTest::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no block of free ports on loopback");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
