package io.eventgate.gateway.pipeline;

import io.vertx.core.http.HttpServerRequest;

/** One request on its way through the pipeline: what the writer needs to answer and log it. */
public final class Exchange {

  private final HttpServerRequest request;
  private final String requestId;
  private final long startNanos = System.nanoTime();
  private String routeKey = "-";

  Exchange(HttpServerRequest request, String requestId) {
    this.request = request;
    this.requestId = requestId;
  }

  public HttpServerRequest request() {
    return request;
  }

  public String requestId() {
    return requestId;
  }

  public String routeKey() {
    return routeKey;
  }

  void routeKey(String key) {
    this.routeKey = key;
  }

  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }
}
