package io.eventgate.gateway.http;

import io.eventgate.gateway.ratelimit.Quota;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One request on its way through either listener (the gateway pipeline or the admin router): what the
 * writer needs to answer and log it.
 */
public final class Exchange {

  private final HttpServerRequest request;
  private final String requestId;
  private final long startNanos = System.nanoTime();
  private String routeKey = "-";
  private boolean identified;
  private boolean closeAfterAnswer;
  private List<Quota> quotas = List.of();

  public Exchange(HttpServerRequest request, String requestId) {
    this.request = request;
    this.requestId = requestId;
  }

  public HttpServerRequest request() {
    return request;
  }

  public String requestId() {
    return requestId;
  }

  /** The route's {@code METHOD path}, or the admin listener's route template; {@code -} until identified. */
  public String routeKey() {
    return routeKey;
  }

  /** Marks the request identified: from now on, an unexpected failure is an {@code application-crash}. */
  public void routeKey(String key) {
    this.routeKey = key;
    this.identified = true;
  }

  boolean identified() {
    return identified;
  }

  /** Whether the connection must end with this answer: its framing, or what is left of its body, is unknown. */
  boolean closeAfterAnswer() {
    return closeAfterAnswer;
  }

  public void closeAfterAnswer(boolean close) {
    this.closeAfterAnswer = close;
  }

  /** The rate-limit quotas the request met so far: the answer reports them, whatever it is. */
  List<Quota> quotas() {
    return quotas;
  }

  public void addQuotas(List<Quota> met) {
    if (!met.isEmpty()) {
      if (quotas.isEmpty()) {
        quotas = new ArrayList<>(met);
      } else {
        quotas.addAll(met);
      }
    }
  }

  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }
}
