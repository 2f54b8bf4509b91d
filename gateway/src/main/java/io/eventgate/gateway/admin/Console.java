package io.eventgate.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator web console ({@code GET /console}, docs/OPERATIONS.md "The console"): one page, a script and a
 * style sheet shipped in the jar, served without a token — the page asks for one and sends it with each call
 * of the admin API, like any other client. The files are read once, at start; the Content-Security-Policy
 * lets the page load nothing but these files and talk to nothing but this listener.
 */
final class Console {

  static final String PAGE = "/console";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Map<String, String[]> FILES = Map.of(
      PAGE, new String[] {"console/index.html", "text/html; charset=utf-8"},
      PAGE + "/console.js", new String[] {"console/console.js", "text/javascript; charset=utf-8"},
      PAGE + "/console.css", new String[] {"console/console.css", "text/css; charset=utf-8"});

  private final Map<String, Asset> assets;

  private Console(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Reads the files from the jar off the event loop. */
  static Future<Console> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<String, Asset> assets = new LinkedHashMap<>();
      FILES.forEach((path, file) -> assets.put(path, new Asset(read(file[0]), file[1])));
      return new Console(assets);
    });
  }

  /** Mounts {@code GET}/{@code HEAD} of each file; must come before the admin token is asked for. */
  void mount(Router router) {
    assets.forEach((path, asset) -> router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType)
            .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .putHeader("X-Frame-Options", "DENY")
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(asset.body))); // a HEAD answer gets the length, not the body
  }

  private static Buffer read(String resource) {
    try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Asset(Buffer body, String contentType) {
  }
}
