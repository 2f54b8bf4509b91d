package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service side of the event-bus contract (docs/API.md section 7) on a real event bus: what reaches an
 * action, and the failure a sender reads for each way a request can go wrong. Failures are read raw here,
 * as {@code fail(httpCode, json)}, since that is what a sender in another process sees.
 */
@ExtendWith(VertxExtension.class)
class ServiceConsumerTest {

  private static final String ADDRESS = "test.service";
  private static final String USER = "10000000-0000-4000-8000-000000000001";

  @Test
  void dispatchesToTheActionNamedWithWhatTheSenderGave(Vertx vertx, VertxTestContext testContext) {
    AtomicReference<ServiceRequest> seen = new AtomicReference<>();
    Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions = Map.of(
        "read", request -> {
          seen.set(request);
          return Future.succeededFuture(ServiceReply.of(new JsonObject().put("read", request.params())));
        },
        "write", request -> Future.failedFuture(new AssertionError("the other action ran")));
    Caller caller = new Caller(USER, null, null, null, null, null);
    ServiceRequest request = new ServiceRequest("read", new JsonObject().put("_id", "x"), caller, "rid-1",
        "198.51.100.7");

    ServiceConsumer.register(vertx.eventBus(), ADDRESS, actions).completion()
        .compose(v -> new ServiceClient(vertx.eventBus()).request(ADDRESS, request, 1_500))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(reply.data()).isEqualTo(new JsonObject().put("read", new JsonObject().put("_id", "x")));
          assertThat(seen.get().caller()).isEqualTo(caller);
          assertThat(seen.get().requestId()).isEqualTo("rid-1");
          assertThat(seen.get().timeoutMs()).isEqualTo(1_500);
          assertThat(seen.get().clientAddress()).isEqualTo("198.51.100.7");
          testContext.completeNow();
        })));
  }

  @Test
  void headersThatCannotBeWhatTheySayAreIgnored(Vertx vertx, VertxTestContext testContext) {
    AtomicReference<ServiceRequest> seen = new AtomicReference<>();
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(ServiceClient.TIMEOUT_HEADER, "soon")
        .addHeader(ServiceClient.CLIENT_ADDRESS_HEADER, "x".repeat(65));

    register(vertx, Map.of("read", request -> {
      seen.set(request);
      return Future.succeededFuture(ServiceReply.empty());
    })).compose(v -> vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "read"), options))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(reply.body()).isEqualTo(new JsonObject().put("status", "action-successful"));
          assertThat(seen.get().timeoutMs()).isZero();
          assertThat(seen.get().clientAddress()).isNull();
          assertThat(seen.get().caller()).isEqualTo(Caller.ANONYMOUS);
          assertThat(seen.get().params()).isEqualTo(new JsonObject());
          testContext.completeNow();
        })));
  }

  @Test
  void anUnknownActionIsACrash(Vertx vertx, VertxTestContext testContext) {
    register(vertx, Map.of("read", request -> Future.succeededFuture(ServiceReply.empty())))
        .compose(v -> vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "delete")))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          JsonObject json = failureJson(failure, Status.APPLICATION_CRASH);
          assertThat(json.getString("message")).isEqualTo(Status.APPLICATION_CRASH.defaultMessage());
          assertThat(json.getString("detail")).isEqualTo(ADDRESS + " has no action 'delete'");
          testContext.completeNow();
        })));
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsInvalidEncodedParams(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint(3);
    AtomicBoolean ran = new AtomicBoolean();
    register(vertx, Map.of("read", request -> {
      ran.set(true);
      return Future.succeededFuture(ServiceReply.empty());
    })).onComplete(testContext.succeeding(v -> {
      for (Object body : new Object[] {"{\"action\":\"read\"}", new JsonArray().add("read"), null}) {
        vertx.eventBus().request(ADDRESS, body).onComplete(testContext.failing(failure -> testContext.verify(() -> {
          assertThat(failureJson(failure, Status.INVALID_ENCODED_PARAMS).getString("message"))
              .isEqualTo("The request must be a JSON object.");
          assertThat(ran).as("the action ran").isFalse();
          answered.flag();
        })));
      }
    }));
  }

  @Test
  void aCallerIdThatIsNotAUuidIsInvalidToken(Vertx vertx, VertxTestContext testContext) {
    JsonObject body = new JsonObject().put("action", "read")
        .put("caller", new Caller(USER, "1 OR 1=1", null, null, null, null).toJson());
    register(vertx, Map.of("read", request -> Future.failedFuture(new AssertionError("the action ran"))))
        .compose(v -> vertx.eventBus().request(ADDRESS, body))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          failureJson(failure, Status.INVALID_TOKEN);
          testContext.completeNow();
        })));
  }

  @Test
  void aParamPostgresqlCannotStoreIsInvalidParamAtAnyDepth(Vertx vertx, VertxTestContext testContext) {
    JsonObject params = new JsonObject().put("note", new JsonObject().put("lines", new JsonArray().add("a\u0000b")));
    register(vertx, Map.of("read", request -> Future.failedFuture(new AssertionError("the action ran"))))
        .compose(v -> vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "read").put("params", params)))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          assertThat(failureJson(failure, Status.INVALID_PARAM).getString("param")).isEqualTo("note");
          testContext.completeNow();
        })));
  }

  @Test
  void aThrowingActionIsACrashWhoseDetailIsForOperators(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint(2);
    register(vertx, Map.of(
        "throws", request -> {
          throw new IllegalStateException("the pool is closed");
        },
        "fails", request -> Future.failedFuture(new IllegalStateException("the pool is closed"))))
        .onComplete(testContext.succeeding(v -> {
          for (String action : new String[] {"throws", "fails"}) {
            vertx.eventBus().request(ADDRESS, new JsonObject().put("action", action))
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                  JsonObject json = failureJson(failure, Status.APPLICATION_CRASH);
                  assertThat(json.getString("message")).isEqualTo(Status.APPLICATION_CRASH.defaultMessage());
                  assertThat(json.getString("detail"))
                      .isEqualTo("java.lang.IllegalStateException: the pool is closed");
                  answered.flag();
                })));
          }
        }));
  }

  @Test
  void anActionThatGivesNoFutureIsACrashAndStillCounted(Vertx vertx, VertxTestContext testContext) {
    ServiceConsumer consumer = ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of("broken", request -> null));
    consumer.completion()
        .compose(v -> vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "broken")))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          JsonObject json = failureJson(failure, Status.APPLICATION_CRASH);
          assertThat(json.getString("detail")).contains("broken").contains("no future");
          long start = System.nanoTime();
          // Nothing is left in hand: stopping does not wait out the drain time.
          consumer.stop(vertx, Duration.ofSeconds(5)).onComplete(testContext.succeeding(v -> testContext.verify(() -> {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            testContext.completeNow();
          })));
        })));
  }

  @Test
  void anApiExceptionIsPassedOnWithItsCatalogCode(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint(2);
    register(vertx, Map.of(
        "invalid", request -> Future.failedFuture(ApiException.invalidParam("_id", "Param '_id' is not a uuid.")),
        "limited", request -> {
          throw ApiException.retryAfter(Status.RATE_LIMITED, "Too many failed logins.", 42);
        }))
        .onComplete(testContext.succeeding(v -> {
          vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "invalid"))
              .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                assertThat(failureJson(failure, Status.INVALID_PARAM)).isEqualTo(new JsonObject()
                    .put("status", "invalid-param").put("message", "Param '_id' is not a uuid.").put("param", "_id"));
                answered.flag();
              })));
          vertx.eventBus().request(ADDRESS, new JsonObject().put("action", "limited"))
              .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                assertThat(failureJson(failure, Status.RATE_LIMITED)).isEqualTo(new JsonObject()
                    .put("status", "rate-limited").put("message", "Too many failed logins.")
                    .put("retry_after_seconds", 42));
                answered.flag();
              })));
        }));
  }

  @Test
  void stopAnswersTheRequestsInHandBeforeItCompletes(Vertx vertx, VertxTestContext testContext) {
    Promise<ServiceReply> answer = Promise.promise();
    Promise<Void> taken = Promise.promise();
    AtomicBoolean answerGiven = new AtomicBoolean();
    ServiceConsumer service = ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of("slow", request -> {
      taken.tryComplete();
      return answer.future();
    }));
    ServiceClient client = new ServiceClient(vertx.eventBus());
    Checkpoint replied = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    Checkpoint stopped = testContext.checkpoint();

    service.completion().onComplete(testContext.succeeding(registered -> {
      client.request(ADDRESS, request("slow"), 5_000)
          .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
            assertThat(reply.data()).isEqualTo(new JsonObject().put("late", true));
            replied.flag();
          })));
      taken.future().onSuccess(inHand -> {
        service.stop(vertx, Duration.ofSeconds(10))
            .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
              assertThat(answerGiven).as("stop completed before the request in hand was answered").isTrue();
              stopped.flag();
            })));
        // Unregistered at once: a new request finds nobody, while the one in hand is still pending.
        vertx.setTimer(100, t -> client.request(ADDRESS, request("slow"), 1_000)
            .onComplete(testContext.failing(failure -> testContext.verify(() -> {
              assertThat(((ApiException) failure).status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
              refused.flag();
              answerGiven.set(true);
              answer.complete(ServiceReply.of(new JsonObject().put("late", true)));
            }))));
      });
    }));
  }

  @Test
  void stopGivesUpOnARequestAfterTheDrainTime(Vertx vertx, VertxTestContext testContext) {
    Promise<Void> taken = Promise.promise();
    ServiceConsumer service = ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of("never", request -> {
      taken.tryComplete();
      return Promise.<ServiceReply>promise().future();
    }));
    service.completion().onComplete(testContext.succeeding(registered -> {
      new ServiceClient(vertx.eventBus()).request(ADDRESS, request("never"), 10_000);
      taken.future().onSuccess(inHand -> {
        long start = System.nanoTime();
        service.stop(vertx, Duration.ofMillis(300)).onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
              Duration.ofSeconds(5));
          testContext.completeNow();
        })));
      });
    }));
  }

  @Test
  void stopWithNothingInHandCompletesPromptly(Vertx vertx, VertxTestContext testContext) {
    ServiceConsumer service = ServiceConsumer.register(vertx.eventBus(), ADDRESS, Map.of());
    long start = System.nanoTime();
    service.completion()
        .compose(v -> service.stop(vertx, Duration.ofSeconds(30)))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
          testContext.completeNow();
        })));
  }

  private static Future<Void> register(Vertx vertx,
      Map<String, Function<ServiceRequest, Future<ServiceReply>>> actions) {
    return ServiceConsumer.register(vertx.eventBus(), ADDRESS, actions).completion();
  }

  private static ServiceRequest request(String action) {
    return new ServiceRequest(action, new JsonObject(), Caller.ANONYMOUS, "rid-stop");
  }

  /** The JSON of a {@code fail(httpCode, json)}, after checking the code is the catalog's for {@code status}. */
  private static JsonObject failureJson(Throwable failure, Status status) {
    assertThat(failure).isInstanceOf(ReplyException.class);
    ReplyException reply = (ReplyException) failure;
    assertThat(reply.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(reply.failureCode()).isEqualTo(status.httpStatus());
    JsonObject json = new JsonObject(reply.getMessage());
    assertThat(json.getString("status")).isEqualTo(status.code());
    return json;
  }
}
