package io.eventgate.gateway.docs;

import io.eventgate.common.api.Status;
import io.eventgate.gateway.docs.StatusDocs.RouteStatus;
import io.eventgate.gateway.http.RequestIds;
import io.eventgate.gateway.registry.ParamSpec;
import io.eventgate.gateway.registry.RegistryJson;
import io.eventgate.gateway.registry.RouteRecord;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the documentation as one HTML page that needs nothing else: styles inline, no scripts. Markup comes
 * only from literals in this class; every other string, registry-supplied or not, goes through
 * {@link #escape}, so a route's description cannot inject markup.
 */
final class HtmlDocsWriter {

  private static final String STYLE = """
      body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
      main{max-width:960px;margin:0 auto;padding:24px 32px;background:#fff}
      h1{margin-top:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:40px}
      section{border:1px solid #d0d7de;border-radius:6px;padding:4px 16px 12px;margin:16px 0}
      code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
      pre{background:#f6f8fa;padding:12px;border-radius:6px;overflow:auto}
      table{border-collapse:collapse;width:100%;margin:8px 0}
      th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa}
      .method{display:inline-block;min-width:56px;padding:0 6px;border-radius:4px;background:#0969da;color:#fff;
      text-align:center;font-size:13px}
      dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:600}dd{margin:0}
      """;

  /** An empty table cell, visibly so. */
  private static final String NONE = "—";

  private static final String ENVELOPE_EXAMPLE = """
      {
        "status": "action-successful",
        "message": "The request succeeded.",
        "data": { },
        "request_id": "0f9c4e3a-7d1b-4c55-9a8e-2b7f1c0d9e41"
      }""";

  private HtmlDocsWriter() {
  }

  static String write(List<DocumentedRoute> routes, StatusDocs statuses) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>eventgate API</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
        .append("<h1>eventgate API</h1>\n");
    intro(html);
    html.append("<h2 id=\"routes\">Routes</h2>\n");
    if (routes.isEmpty()) {
      html.append("<p>No route is deployed right now.</p>\n");
    } else {
      html.append("<ul>\n");
      for (DocumentedRoute documented : routes) {
        html.append("<li><a href=\"#").append(escape(documented.operationId())).append("\"><code>")
            .append(escape(documented.route().method())).append(' ').append(escape(documented.route().path()))
            .append("</code></a> — ").append(escape(documented.summary())).append("</li>\n");
      }
      html.append("</ul>\n");
    }
    routes.forEach(documented -> route(html, documented, statuses));
    catalog(html, statuses);
    return html.append("</main>\n</body>\n</html>\n").toString();
  }

  private static void intro(StringBuilder html) {
    html.append("<p>Every route is called with a JSON body and answers with the same JSON envelope. ")
        .append("The machine-readable description of the same routes is at <code>GET ")
        .append(RegistryJson.API_DOCS).append("</code> ")
        .append("(OpenAPI 3.1).</p>\n")
        .append("<h2 id=\"calling\">Calling a route</h2>\n<ul>\n")
        .append("<li>Send the params as a JSON object with <code>Content-Type: application/json</code> ")
        .append("(a <code>charset</code>, if given, must be <code>utf-8</code>). Params a route does not list ")
        .append("are ignored.</li>\n")
        .append("<li>Routes marked <em>base64</em> take the base64 of that JSON object instead (standard or ")
        .append("URL-safe alphabet, padding optional), still as <code>application/json</code>.</li>\n")
        .append("<li>Routes that need a session take its token as <code>Authorization: Bearer &lt;token&gt;</code>; ")
        .append("the token is answered under <code>session.token</code> on login.</li>\n")
        .append("<li>An <code>").append(RequestIds.HEADER).append("</code> header of 1-").append(RequestIds.MAX_LENGTH)
        .append(" characters of <code>").append(escape(RequestIds.CHARACTERS)).append("</code> is ")
        .append("kept as the request's id; otherwise one is generated.</li>\n</ul>\n")
        .append("<h2 id=\"envelope\">The response envelope</h2>\n")
        .append("<p>Every answer, success or failure, is <code>application/json; charset=utf-8</code> ")
        .append("in this shape; the HTTP code follows from <code>status</code>.</p>\n<pre>")
        .append(escape(ENVELOPE_EXAMPLE)).append("</pre>\n<table>\n<tr><th>key</th><th>when</th></tr>\n");
    envelopeRow(html, "status", "Always: one code of the status catalog below.");
    envelopeRow(html, "message", "Always: one sentence a developer can act on.");
    envelopeRow(html, "data", "On success, when the action returns data.");
    envelopeRow(html, "session", "When a session is involved: on login, and always on client-required.");
    envelopeRow(html, "param", "On missing-param and invalid-param: the name of the offending param.");
    envelopeRow(html, "request_id", "Always; the same value as the X-Request-Id response header.");
    html.append("</table>\n<p>Besides the statuses each route lists, any request may get ")
        .append(StatusDocs.identifyStatuses().stream()
            .map(status -> "<code>" + escape(status.code()) + "</code>").collect(Collectors.joining(", ")))
        .append(" while the registry changes or cannot be read.</p>\n");
  }

  private static void envelopeRow(StringBuilder html, String key, String when) {
    html.append("<tr><td><code>").append(escape(key)).append("</code></td><td>").append(escape(when))
        .append("</td></tr>\n");
  }

  private static void route(StringBuilder html, DocumentedRoute documented, StatusDocs statuses) {
    RouteRecord route = documented.route();
    html.append("<section id=\"").append(escape(documented.operationId())).append("\">\n<h3><span class=\"method\">")
        .append(escape(route.method())).append("</span> <code>").append(escape(route.path())).append("</code></h3>\n")
        .append("<p>").append(escape(documented.summary())).append("</p>\n<dl>\n");
    definition(html, "Service", route.service() + " · " + route.action());
    definition(html, "Auth", route.auth().code() + " — " + documented.authText());
    definition(html, "Body", (route.sensitiveParams() ? "base64 — " : "JSON — ") + documented.bodyText());
    if (documented.rateLimitText() != null) {
      definition(html, "Rate limits", documented.rateLimitText());
    }
    if (documented.corsText() != null) {
      definition(html, "CORS", documented.corsText());
    }
    html.append("</dl>\n<h4>Params</h4>\n");
    if (route.params().isEmpty()) {
      html.append("<p>None.</p>\n");
    } else {
      html.append("<table>\n<tr><th>name</th><th>type</th><th>required</th><th>max length</th><th>format</th>")
          .append("<th>possible values</th><th>default</th></tr>\n");
      for (ParamSpec spec : route.params()) {
        html.append("<tr><td><code>").append(escape(spec.name())).append("</code></td><td>")
            .append(escape(spec.type().name().toLowerCase(Locale.ROOT))).append("</td><td>")
            .append(spec.required() ? "yes" : "no").append("</td><td>")
            .append(spec.maxLength() == null ? NONE : escape(spec.maxLength())).append("</td><td>")
            .append(spec.format() == null ? NONE : escape(spec.format().name().toLowerCase(Locale.ROOT)))
            .append("</td><td>").append(values(spec.values())).append("</td><td>")
            .append(spec.defaultValue() == null ? NONE : "<code>" + escape(spec.defaultValue()) + "</code>")
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("<h4>Responses</h4>\n<table>\n<tr><th>status</th><th>HTTP</th><th>when</th></tr>\n");
    for (RouteStatus routeStatus : statuses.forRoute(documented)) {
      statusRow(html, routeStatus.status(), routeStatus.when());
    }
    html.append("</table>\n</section>\n");
  }

  private static void definition(StringBuilder html, String term, String description) {
    html.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(description)).append("</dd>\n");
  }

  private static String values(List<Object> values) {
    if (values == null) {
      return "any";
    }
    return values.stream().map(value -> "<code>" + escape(value) + "</code>").collect(Collectors.joining(", "));
  }

  private static void catalog(StringBuilder html, StatusDocs statuses) {
    html.append("<h2 id=\"statuses\">Status catalog</h2>\n")
        .append("<table>\n<tr><th>status</th><th>HTTP</th><th>when</th></tr>\n");
    for (Status status : Status.values()) {
      statusRow(html, status, statuses.meaning(status));
    }
    html.append("</table>\n");
  }

  private static void statusRow(StringBuilder html, Status status, String when) {
    html.append("<tr><td><code>").append(escape(status.code())).append("</code></td><td>")
        .append(status.httpStatus()).append("</td><td>").append(escape(when)).append("</td></tr>\n");
  }

  /**
   * Text made safe for element content and for double- or single-quoted attribute values. {@code null}
   * becomes the empty string.
   */
  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
