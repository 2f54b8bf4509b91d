package io.eventgate.gateway.pipeline;

import io.eventgate.gateway.docs.ApiDocs;
import io.eventgate.gateway.health.Readiness;
import io.eventgate.gateway.http.EnvelopeResponse;
import io.eventgate.gateway.registry.Registry;
import io.eventgate.gateway.registry.RegistryJson;
import io.eventgate.gateway.registry.RegistrySnapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the main listener answers itself, outside the registry and without authentication (docs/API.md
 * section 10): health, and the API documentation generated from the current registry snapshot. Its paths are
 * {@link RegistryJson#RESERVED_PATHS}, which no route may take.
 */
public final class BuiltInEndpoints {

  private static final String JSON = EnvelopeResponse.CONTENT_TYPE;
  private static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
  static final String DOCS_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";
  private static final String X_FRAME_OPTIONS = "X-Frame-Options";

  private final Registry registry;
  private final Readiness readiness;
  private final ApiDocs apiDocs;
  /** The docs of the last snapshot they were made for: made again only when the registry changes. */
  private final AtomicReference<Docs> docs = new AtomicReference<>();

  public BuiltInEndpoints(Registry registry, Readiness readiness, ApiDocs apiDocs) {
    this.registry = registry;
    this.readiness = readiness;
    this.apiDocs = apiDocs;
  }

  /** Answers the request if it is for a built-in endpoint; false when it is not. */
  boolean handle(HttpServerRequest request) {
    // HEAD too: load balancers probe with it; Vert.x sends the headers without the body.
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      return false;
    }
    switch (request.path()) {
      case RegistryJson.HEALTH_LIVE -> send(request, 200, JSON, new JsonObject().put("status", "UP").toBuffer());
      case RegistryJson.HEALTH_READY -> readiness.check().onComplete(
          result -> send(request, result.up() ? 200 : 503, JSON, result.json().toBuffer()),
          failure -> send(request, 503, JSON, new JsonObject().put("status", "DOWN").toBuffer()));
      case RegistryJson.API_DOCS, RegistryJson.API_DOCS_HTML -> {
        // The docs are the registry's: until it is loaded, the pipeline answers, as for any path, with
        // identify-request-error (in the one writer's envelope, headers and access-log line).
        if (!registry.loaded()) {
          return false;
        }
        docs(request, request.path().equals(RegistryJson.API_DOCS_HTML));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void docs(HttpServerRequest request, boolean html) {
    RegistrySnapshot snapshot = registry.snapshot();
    Docs current = docs.get();
    if (current == null || current.version != snapshot.version()) {
      current = new Docs(snapshot.version(), apiDocs.openApi(snapshot, "/").toBuffer(),
          Buffer.buffer(apiDocs.html(snapshot).getBytes(StandardCharsets.UTF_8)));
      docs.set(current);
    }
    if (html) {
      // The page is static: its own inline style and nothing else; no script, no frame may hold it.
      request.response().putHeader(CONTENT_SECURITY_POLICY, DOCS_POLICY).putHeader(X_FRAME_OPTIONS, "DENY");
    }
    send(request, 200, html ? "text/html; charset=utf-8" : JSON, html ? current.html : current.openApi);
  }

  private static void send(HttpServerRequest request, int code, String contentType, Buffer body) {
    request.response().setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CACHE_CONTROL, EnvelopeResponse.NO_STORE)
        .putHeader(EnvelopeResponse.X_CONTENT_TYPE_OPTIONS, EnvelopeResponse.NOSNIFF)
        .end(body);
  }

  private record Docs(long version, Buffer openApi, Buffer html) {
  }
}
