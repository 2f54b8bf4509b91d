package io.eventgate.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the typed client makes of each answer a service can give (docs/API.md section 7), against raw
 * consumers on a real event bus: a caller gets a {@link ServiceReply} or an {@link ApiException} with a
 * catalog status, whatever the service did.
 */
@ExtendWith(VertxExtension.class)
class ServiceClientTest {

  private static final String ADDRESS = "test.raw-service";
  private static final ServiceRequest READ = new ServiceRequest("read", new JsonObject().put("_id", "x"),
      Caller.ANONYMOUS, "rid-7");

  @Test
  void aSuccessEnvelopeIsTheReply(Vertx vertx, VertxTestContext testContext) {
    JsonObject data = new JsonObject().put("name", "Clara");
    JsonObject session = new JsonObject().put("token", "t");
    serve(vertx, message -> message.reply(new ServiceReply(data, session).toJson()))
        .compose(v -> client(vertx).request(ADDRESS, READ, 1_000))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(reply.data()).isEqualTo(data);
          assertThat(reply.session()).isEqualTo(session);
          testContext.completeNow();
        })));
  }

  @Test
  void theRequestAndItsHeadersArrive(Vertx vertx, VertxTestContext testContext) {
    AtomicReference<MultiMap> headers = new AtomicReference<>();
    AtomicReference<Object> body = new AtomicReference<>();
    ServiceRequest forwarded = new ServiceRequest("read", new JsonObject().put("_id", "x"),
        new Caller("10000000-0000-4000-8000-000000000001", null, null, null, null, null), "rid-8", "203.0.113.9");
    serve(vertx, message -> {
      headers.set(message.headers());
      body.set(message.body());
      message.reply(ServiceReply.empty().toJson());
    }).compose(v -> client(vertx).request(ADDRESS, forwarded, 2_500))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(headers.get().getAll(ContractVersion.HEADER)).containsExactly(ContractVersion.header());
          assertThat(headers.get().get(ServiceClient.REQUEST_ID_HEADER)).isEqualTo("rid-8");
          assertThat(headers.get().get(ServiceClient.TIMEOUT_HEADER)).isEqualTo("2500");
          assertThat(headers.get().get(ServiceClient.CLIENT_ADDRESS_HEADER)).isEqualTo("203.0.113.9");
          assertThat(body.get()).isEqualTo(forwarded.toJson());
          testContext.completeNow();
        })));
  }

  @Test
  void anInternalCallerSendsNoClientAddress(Vertx vertx, VertxTestContext testContext) {
    AtomicReference<MultiMap> headers = new AtomicReference<>();
    serve(vertx, message -> {
      headers.set(message.headers());
      message.reply(ServiceReply.empty().toJson());
    }).compose(v -> client(vertx).request(ADDRESS, new ServiceRequest("read", new JsonObject(), Caller.ANONYMOUS,
            null), 1_000))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(headers.get().names()).containsExactlyInAnyOrder(ContractVersion.HEADER,
              ServiceClient.TIMEOUT_HEADER);
          testContext.completeNow();
        })));
  }

  @Test
  void noConsumerIsServiceUnavailable(Vertx vertx, VertxTestContext testContext) {
    client(vertx).request("nobody.listens", READ, 1_000)
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          assertThat(status(failure)).isEqualTo(Status.SERVICE_UNAVAILABLE);
          testContext.completeNow();
        })));
  }

  @Test
  void noAnswerInTimeIsServiceTimeout(Vertx vertx, VertxTestContext testContext) {
    long start = System.nanoTime();
    serve(vertx, message -> {
      // keeps the request and never answers
    }).compose(v -> client(vertx).request(ADDRESS, READ, 200))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          assertThat(status(failure)).isEqualTo(Status.SERVICE_TIMEOUT);
          assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
          testContext.completeNow();
        })));
  }

  @Test
  void aCatalogFailureIsPassedOnUnchanged(Vertx vertx, VertxTestContext testContext) {
    JsonObject failure = new JsonObject().put("status", "invalid-param").put("message", "Param '_id' is unknown.")
        .put("param", "_id");
    serve(vertx, message -> message.fail(400, failure.encode()))
        .compose(v -> client(vertx).request(ADDRESS, READ, 1_000))
        .onComplete(testContext.failing(error -> testContext.verify(() -> {
          ApiException api = (ApiException) error;
          assertThat(api.status()).isEqualTo(Status.INVALID_PARAM);
          assertThat(api.getMessage()).isEqualTo("Param '_id' is unknown.");
          assertThat(api.param()).isEqualTo("_id");
          assertThat(api.retryAfterSeconds()).isZero();
          assertThat(api.detail()).isNull();
          testContext.completeNow();
        })));
  }

  @Test
  void aCatalogFailureKeepsItsRetryAfterAndDetail(Vertx vertx, VertxTestContext testContext) {
    JsonObject failure = new JsonObject().put("status", "rate-limited").put("message", "Slow down.")
        .put("retry_after_seconds", 30).put("detail", "bucket login:203.0.113.9");
    serve(vertx, message -> message.fail(429, failure.encode()))
        .compose(v -> client(vertx).request(ADDRESS, READ, 1_000))
        .onComplete(testContext.failing(error -> testContext.verify(() -> {
          ApiException api = (ApiException) error;
          assertThat(api.status()).isEqualTo(Status.RATE_LIMITED);
          assertThat(api.getMessage()).isEqualTo("Slow down.");
          assertThat(api.retryAfterSeconds()).isEqualTo(30);
          assertThat(api.detail()).isEqualTo("bucket login:203.0.113.9");
          testContext.completeNow();
        })));
  }

  @Test
  void theCatalogDecidesTheStatusWhateverCodeTheServiceGave(Vertx vertx, VertxTestContext testContext) {
    serve(vertx, message -> message.fail(200, new JsonObject().put("status", "missing-param")
        .put("message", "Param '_id' is required.").put("param", "_id").encode()))
        .compose(v -> client(vertx).request(ADDRESS, READ, 1_000))
        .onComplete(testContext.failing(error -> testContext.verify(() -> {
          assertThat(status(error)).isEqualTo(Status.MISSING_PARAM);
          assertThat(((ApiException) error).param()).isEqualTo("_id");
          testContext.completeNow();
        })));
  }

  @Test
  void aFailureOutsideTheCatalogIsACrashWithTheTextAsDetail(Vertx vertx, VertxTestContext testContext) {
    List<String> outside = List.of(
        "connection refused",
        new JsonObject().put("status", "teapot").put("message", "I am a teapot.").encode(),
        new JsonObject().put("status", "action-successful").encode(),
        new JsonObject().put("status", 404).encode(),
        "[\"invalid-param\"]");
    Checkpoint crashed = testContext.checkpoint(outside.size());
    for (int i = 0; i < outside.size(); i++) {
      String text = outside.get(i);
      String address = ADDRESS + "." + i;
      vertx.eventBus().consumer(address, message -> message.fail(418, text)).completion()
          .compose(v -> client(vertx).request(address, READ, 1_000))
          .onComplete(testContext.failing(error -> testContext.verify(() -> {
            ApiException api = (ApiException) error;
            assertThat(api.status()).as(text).isEqualTo(Status.APPLICATION_CRASH);
            assertThat(api.getMessage()).isEqualTo(Status.APPLICATION_CRASH.defaultMessage());
            assertThat(api.detail()).isEqualTo("a service failed outside the status catalog with code 418: " + text);
            crashed.flag();
          })));
    }
  }

  @Test
  void aReplyThatIsNotASuccessEnvelopeIsACrash(Vertx vertx, VertxTestContext testContext) {
    List<Object> replies = List.of(
        "action-successful",
        new JsonObject().put("status", "invalid-param").put("message", "Looks like a failure."),
        new JsonObject().put("data", new JsonObject()),
        new JsonObject().put("status", true),
        new JsonObject().put("status", "action-successful").put("data", "not an object"),
        new JsonObject().put("status", "action-successful").put("session", new JsonArray().add("token")));
    Checkpoint crashed = testContext.checkpoint(replies.size() + 1);
    for (int i = 0; i < replies.size(); i++) {
      Object reply = replies.get(i);
      expectCrash(vertx, testContext, ADDRESS + "." + i, message -> message.reply(reply), crashed);
    }
    expectCrash(vertx, testContext, ADDRESS + ".null", message -> message.reply(null), crashed);
  }

  private void expectCrash(Vertx vertx, VertxTestContext testContext, String address,
      Consumer<Message<Object>> service, Checkpoint crashed) {
    vertx.eventBus().consumer(address, service::accept).completion()
        .compose(v -> client(vertx).request(address, READ, 1_000))
        .onComplete(testContext.failing(error -> testContext.verify(() -> {
          ApiException api = (ApiException) error;
          assertThat(api.status()).as(address).isEqualTo(Status.APPLICATION_CRASH);
          assertThat(api.detail()).isEqualTo("a service replied with something other than a success envelope");
          crashed.flag();
        })));
  }

  private static Future<Void> serve(Vertx vertx, Consumer<Message<Object>> service) {
    return vertx.eventBus().consumer(ADDRESS, service::accept).completion();
  }

  private static ServiceClient client(Vertx vertx) {
    return new ServiceClient(vertx.eventBus());
  }

  private static Status status(Throwable failure) {
    assertThat(failure).isInstanceOf(ApiException.class);
    return ((ApiException) failure).status();
  }
}
