package io.eventgate.bench;

import io.vertx.core.Vertx;

/**
 * Where the traced variant exports its spans: an OTLP/HTTP endpoint that reads each request whole and
 * answers it as a collector that accepted everything would (an empty export response), so the variant pays
 * for making, batching, encoding and sending its spans, and nothing is kept.
 */
public final class OtlpSink {

  private OtlpSink() {
  }

  /** {@code OtlpSink <port>}. */
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer()
        .requestHandler(request -> request.body().onComplete(body -> request.response()
            .putHeader("Content-Type", "application/x-protobuf").end()))
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("otlp sink listening on " + port))
        .onFailure(failure -> {
          System.err.println("otlp sink did not start: " + failure.getMessage());
          System.exit(1);
        });
  }
}
