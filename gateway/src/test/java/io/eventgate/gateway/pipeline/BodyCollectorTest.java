package io.eventgate.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stage 3's receiving half against a real HTTP server and client: what is kept, when a body is reported
 * too large, and when the connection is closed instead of read.
 */
@ExtendWith(VertxExtension.class)
class BodyCollectorTest {

  private static final int LIMIT = 16;
  private static final long NO_DEADLINE = 30_000;

  /** What the collector gave for the one request each test sends. */
  private final Promise<ReceivedBody> received = Promise.promise();
  /** Completes when the server side of that request's connection is closed. */
  private final Promise<Void> serverClosed = Promise.promise();
  /** Whether the server had read the whole request when the collector decided. */
  private final AtomicBoolean endedWhenAnswered = new AtomicBoolean();
  /**
   * The test's client, held for the test's length: Vert.x closes a client nobody references any more when the
   * garbage collector finds it, and a request of it still waiting for its answer then fails with "Pool closed".
   */
  private HttpClient client;

  @Test
  void aBodyWithinTheLimitIsKept(Vertx vertx, VertxTestContext testContext) {
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(request -> request.send("{\"a\":1}"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(received.future().result()).isEqualTo(new ReceivedBody(Buffer.buffer("{\"a\":1}"), false));
          testContext.completeNow();
        })));
  }

  @Test
  void aBodyOfExactlyTheLimitIsKept(Vertx vertx, VertxTestContext testContext) {
    String body = "x".repeat(LIMIT);
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(request -> request.send(body))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(received.future().result().tooLarge()).isFalse();
          assertThat(received.future().result().bytes().toString()).isEqualTo(body);
          testContext.completeNow();
        })));
  }

  @Test
  void anEmptyBodyIsKeptAsNoBytes(Vertx vertx, VertxTestContext testContext) {
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(HttpClientRequest::send)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(received.future().result()).isEqualTo(new ReceivedBody(Buffer.buffer(), false));
          testContext.completeNow();
        })));
  }

  @Test
  void chunksAreJoinedInOrder(Vertx vertx, VertxTestContext testContext) {
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(request -> {
          request.setChunked(true);
          return request.write("{\"a\":")
              .compose(v -> request.write("12"))
              .compose(v -> request.end("3}"))
              .compose(v -> request.response());
        })
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(received.future().result().bytes().toString()).isEqualTo("{\"a\":123}");
          testContext.completeNow();
        })));
  }

  @Test
  void anAnnouncedLengthOverTheLimitIsTooLargeBeforeAnyByteArrives(Vertx vertx, VertxTestContext testContext) {
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(request -> {
          request.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(LIMIT + 1));
          // Only the head is sent: the answer must not wait for a body.
          return request.sendHead().compose(v -> request.response());
        })
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(413);
          assertThat(received.future().result()).isSameAs(ReceivedBody.TOO_LARGE);
          testContext.completeNow();
        })));
  }

  @Test
  void aChunkedBodyGoingOverTheLimitIsTooLargeAtOnce(Vertx vertx, VertxTestContext testContext) {
    Checkpoint answered = testContext.checkpoint();
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .onComplete(testContext.succeeding(request -> {
          request.setChunked(true);
          request.response().onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            // The body had not ended: the answer came when the limit was passed.
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(endedWhenAnswered).isFalse();
            answered.flag();
          })));
          request.write("x".repeat(LIMIT))
              .onComplete(testContext.succeeding(v -> vertx.setTimer(100, t -> testContext.verify(() -> {
                assertThat(received.future().isComplete()).as("complete at the limit").isFalse();
                request.write("y");
              }))));
        }));
  }

  @Test
  void theRestOfATooLargeBodyIsReadSoTheClientGetsItsAnswer(Vertx vertx, VertxTestContext testContext) {
    AtomicBoolean clientEnded = new AtomicBoolean();
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .compose(request -> {
          request.setChunked(true);
          Buffer chunk = Buffer.buffer("z".repeat(8 * 1024));
          Future<Void> sent = request.write(chunk);
          for (int i = 0; i < 15; i++) {
            sent = sent.compose(v -> request.write(chunk));
          }
          return sent.compose(v -> request.end())
              .onSuccess(v -> clientEnded.set(true))
              .compose(v -> request.response());
        })
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(testContext.succeeding(status -> testContext.verify(() -> {
          assertThat(status).isEqualTo(413);
          assertThat(clientEnded).isTrue();
          assertThat(serverClosed.future().isComplete()).as("the connection was closed").isFalse();
          testContext.completeNow();
        })));
  }

  @Test
  void moreThanTheDiscardBoundClosesTheConnection(Vertx vertx, VertxTestContext testContext) {
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    long chunks = BodyCollector.DISCARD_LIMIT / chunk.length() + 2;
    serve(vertx, NO_DEADLINE)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .onComplete(testContext.succeeding(request -> {
          request.setChunked(true);
          request.exceptionHandler(e -> {
            // the connection closing under the writes below
          });
          Future<Void> sent = Future.succeededFuture();
          for (int i = 0; i < chunks; i++) {
            sent = sent.compose(v -> request.write(chunk));
          }
        }));
    serverClosed.future().onComplete(testContext.succeeding(v -> testContext.verify(() -> {
      assertThat(received.future().result()).isSameAs(ReceivedBody.TOO_LARGE);
      testContext.completeNow();
    })));
  }

  @Test
  void aBodyNotWholeByTheDeadlineClosesTheConnection(Vertx vertx, VertxTestContext testContext) {
    Checkpoint serverGaveUp = testContext.checkpoint();
    Checkpoint clientCutOff = testContext.checkpoint();
    long start = System.nanoTime();
    serve(vertx, 300)
        .compose(client -> client.request(HttpMethod.POST, "/"))
        .onComplete(testContext.succeeding(request -> {
          request.putHeader(HttpHeaders.CONTENT_LENGTH, "10");
          request.write("{\"a\":");
          request.response().onComplete(testContext.failing(e -> clientCutOff.flag()));
        }));
    received.future().onComplete(testContext.failing(failure -> testContext.verify(() -> {
      assertThat(failure).isInstanceOf(HttpClosedException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
      serverGaveUp.flag();
    })));
  }

  /**
   * Starts a server whose every request is collected and answered 413 or 200 as soon as the collector
   * decides, and returns a client of it.
   */
  private Future<HttpClient> serve(Vertx vertx, long deadlineMs) {
    return vertx.createHttpServer()
        .requestHandler(request -> handle(vertx, request, deadlineMs))
        .listen(0, "127.0.0.1")
        .map(server -> client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())));
  }

  private void handle(Vertx vertx, HttpServerRequest request, long deadlineMs) {
    request.connection().closeHandler(v -> serverClosed.tryComplete());
    BodyCollector.collect(vertx, request, LIMIT, deadlineMs)
        .onComplete(received)
        .onSuccess(body -> {
          endedWhenAnswered.set(request.isEnded());
          request.response().setStatusCode(body.tooLarge() ? 413 : 200).end();
        });
  }
}
