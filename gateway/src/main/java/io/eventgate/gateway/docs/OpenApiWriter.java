package io.eventgate.gateway.docs;

import io.eventgate.common.api.Status;
import io.eventgate.gateway.http.RequestIds;
import io.eventgate.gateway.ratelimit.RateLimitFields;
import io.eventgate.gateway.registry.ParamSpec;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.registry.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Writes the OpenAPI 3.1.0 document of the documented routes. */
final class OpenApiWriter {

  private static final String JSON = "application/json";
  private static final String ENVELOPE = "#/components/schemas/Envelope";
  private static final String REQUEST_ID_HEADER = "#/components/headers/RequestId";
  private static final String RATE_LIMIT_POLICY_HEADER = "#/components/headers/RateLimitPolicy";
  private static final String RATE_LIMIT_HEADER = "#/components/headers/RateLimit";
  private static final String RETRY_AFTER_HEADER = "#/components/headers/RetryAfter";
  private static final String REQUEST_ID_PARAM = "#/components/parameters/RequestId";
  private static final String BEARER = "bearerAuth";
  /** The rule of RequestIds: an incoming id like this is kept, anything else is replaced. */
  private static final String REQUEST_ID_PATTERN = "^" + RequestIds.PATTERN + "$";
  /** The methods an OpenAPI 3.1 path item can hold an operation for. */
  private static final Set<String> OPENAPI_METHODS =
      Set.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE");

  private OpenApiWriter() {
  }

  static JsonObject write(List<DocumentedRoute> routes, String serverUrl, StatusDocs statuses) {
    JsonObject paths = new JsonObject();
    Map<String, ServiceRecord> services = new TreeMap<>();
    for (DocumentedRoute documented : routes) {
      RouteRecord route = documented.route();
      if (!expressible(route)) {
        continue;
      }
      JsonObject pathItem = paths.getJsonObject(route.path());
      if (pathItem == null) {
        pathItem = new JsonObject();
        paths.put(route.path(), pathItem);
      }
      pathItem.put(route.method().toLowerCase(Locale.ROOT), operation(documented, statuses));
      services.put(documented.service().name(), documented.service());
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject()
            .put("title", "eventgate API")
            .put("version", "1")
            .put("description", infoDescription()))
        .put("servers", new JsonArray().add(new JsonObject().put("url", serverUrl)))
        .put("tags", tags(services))
        .put("paths", paths)
        .put("components", components());
  }

  /**
   * The registry accepts any method and path, but OpenAPI knows eight methods, and reads braces in a path as
   * a template; such a route is left out here (the HTML page still shows it) rather than make the document
   * invalid. A path without a leading slash cannot match a request anyway.
   */
  private static boolean expressible(RouteRecord route) {
    String path = route.path();
    return OPENAPI_METHODS.contains(route.method()) && path.startsWith("/") && path.indexOf('{') < 0
        && path.indexOf('}') < 0;
  }

  private static String infoDescription() {
    return "Every answer is the JSON envelope `Envelope`; its `status` says what happened and `request_id` "
        + "(also the `X-Request-Id` header) identifies the request. Besides the statuses each operation lists, "
        + "any request may get " + codes(StatusDocs.identifyStatuses())
        + " while the registry changes or cannot be read.";
  }

  private static JsonArray tags(Map<String, ServiceRecord> services) {
    JsonArray tags = new JsonArray();
    services.values().forEach(service -> {
      JsonObject tag = new JsonObject().put("name", service.name());
      if (service.description() != null && !service.description().isBlank()) {
        tag.put("description", service.description());
      }
      tags.add(tag);
    });
    return tags;
  }

  private static JsonObject operation(DocumentedRoute documented, StatusDocs statuses) {
    RouteRecord route = documented.route();
    JsonObject operation = new JsonObject()
        .put("tags", new JsonArray().add(route.service()))
        .put("summary", documented.summary())
        .put("description", documented.summary() + "\n\n" + documented.authText() + "\n\n" + documented.bodyText()
            + (documented.rateLimitText() == null ? "" : "\n\nRate limits: " + documented.rateLimitText())
            + (documented.corsText() == null ? "" : "\n\nCORS: " + documented.corsText()))
        .put("operationId", documented.operationId())
        .put("parameters", new JsonArray().add(ref(REQUEST_ID_PARAM)))
        .put("requestBody", requestBody(documented));
    if (documented.needsToken()) {
      operation.put("security", new JsonArray().add(new JsonObject().put(BEARER, new JsonArray())));
    }
    if (!route.rateLimits().none()) {
      operation.put("x-eventgate-rate-limits", route.rateLimits().toJson());
    }
    if (documented.cors().any()) {
      operation.put("x-eventgate-cors", documented.cors().toJson());
    }
    return operation
        .put("responses", responses(documented, statuses))
        .put("x-eventgate-auth", route.auth().code())
        .put("x-eventgate-service", route.service())
        .put("x-eventgate-action", route.action());
  }

  private static JsonObject requestBody(DocumentedRoute documented) {
    RouteRecord route = documented.route();
    JsonObject schema = paramsSchema(route.params());
    String description = documented.bodyText();
    if (route.sensitiveParams()) {
      // OpenAPI 3.1 (JSON Schema 2020-12) says "a string that is base64 of JSON of this shape" exactly so.
      schema = new JsonObject()
          .put("type", "string")
          .put("contentEncoding", "base64")
          .put("contentMediaType", JSON)
          .put("contentSchema", schema);
      description += " The decoded object is described by contentSchema.";
    }
    return new JsonObject()
        .put("description", description)
        .put("required", documented.bodyRequired())
        .put("content", new JsonObject().put(JSON, new JsonObject().put("schema", schema)));
  }

  /** The object of params, in the order the route checks them. */
  private static JsonObject paramsSchema(List<ParamSpec> params) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (ParamSpec spec : params) {
      properties.put(spec.name(), paramSchema(spec));
      if (spec.required()) {
        required.add(spec.name());
      }
    }
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    // Params no spec names are ignored and not forwarded, so sending them is harmless.
    return schema.put("additionalProperties", true);
  }

  private static JsonObject paramSchema(ParamSpec spec) {
    JsonObject schema = new JsonObject().put("type", spec.type().name().toLowerCase(Locale.ROOT));
    if (spec.type() == ParamSpec.Type.STRING && spec.required()) {
      // The empty string counts as absent for a required param: missing-param.
      schema.put("minLength", 1);
    }
    if (spec.maxLength() != null) {
      schema.put("maxLength", spec.maxLength());
    }
    if (spec.format() != null) {
      schema.put("format", spec.format().name().toLowerCase(Locale.ROOT));
    }
    if (spec.values() != null) {
      schema.put("enum", new JsonArray(spec.values()));
    }
    if (spec.defaultValue() != null) {
      schema.put("default", spec.defaultValue());
    }
    return schema;
  }

  /** One response per HTTP code, naming every status the route can answer with that code. */
  private static JsonObject responses(DocumentedRoute documented, StatusDocs statusDocs) {
    JsonObject responses = new JsonObject();
    statusDocs.byHttpCode(documented).forEach((httpCode, statuses) -> responses.put(String.valueOf(httpCode),
        new JsonObject()
            .put("description", statuses.stream()
                .map(routeStatus -> "- `" + routeStatus.status().code() + "`: " + routeStatus.when())
                .collect(Collectors.joining("\n")))
            .put("headers", headers(documented, httpCode))
            .put("content", new JsonObject().put(JSON, new JsonObject().put("schema", ref(ENVELOPE))))));
    return responses;
  }

  /** Every answer has the request id; answers of a rate-limited route report the quotas; a 429 says when. */
  private static JsonObject headers(DocumentedRoute documented, int httpCode) {
    JsonObject headers = new JsonObject().put(RequestIds.HEADER, ref(REQUEST_ID_HEADER));
    if (!documented.route().rateLimits().none()) {
      headers.put(RateLimitFields.POLICY, ref(RATE_LIMIT_POLICY_HEADER)).put(RateLimitFields.STATE, ref(RATE_LIMIT_HEADER));
    }
    if (httpCode == Status.RATE_LIMITED.httpStatus()) {
      headers.put("Retry-After", ref(RETRY_AFTER_HEADER));
    }
    return headers;
  }

  private static JsonObject components() {
    JsonObject requestIdSchema = new JsonObject().put("type", "string").put("pattern", REQUEST_ID_PATTERN);
    return new JsonObject()
        .put("schemas", new JsonObject().put("Envelope", envelopeSchema()))
        .put("securitySchemes", new JsonObject().put(BEARER, new JsonObject()
            .put("type", "http")
            .put("scheme", "bearer")
            .put("bearerFormat", "JWT")
            .put("description", "The token of a session, as answered under session.token on login.")))
        .put("headers", new JsonObject().put("RequestId", new JsonObject()
                .put("description", "The request's id, the same as request_id in the body.")
                .put("schema", requestIdSchema.copy()))
            .put("RateLimitPolicy", new JsonObject()
                .put("description", "The route's limits met by this request (IETF RateLimit-Policy): "
                    + "\"address\";q=20;w=60 allows 20 requests per 60 seconds per client address; the policies "
                    + "are address, route and caller.")
                .put("schema", new JsonObject().put("type", "string")))
            .put("RateLimit", new JsonObject()
                .put("description", "What is left of each limit (IETF RateLimit): \"address\";r=19;t=3 means "
                    + "19 requests left, the quota whole again in 3 seconds.")
                .put("schema", new JsonObject().put("type", "string")))
            .put("RetryAfter", new JsonObject()
                .put("description", "Seconds to wait before trying again.")
                .put("schema", new JsonObject().put("type", "integer").put("minimum", 1))))
        .put("parameters", new JsonObject().put("RequestId", new JsonObject()
            .put("name", RequestIds.HEADER)
            .put("in", "header")
            .put("required", false)
            .put("description", "An id for the request, kept when it is 1-" + RequestIds.MAX_LENGTH
                + " characters of " + RequestIds.CHARACTERS + "; otherwise one is generated.")
            .put("schema", requestIdSchema)));
  }

  /** docs/API.md section 1. */
  private static JsonObject envelopeSchema() {
    JsonArray codes = new JsonArray(Stream.of(Status.values()).map(Status::code).collect(Collectors.toList()));
    JsonObject dateTime = new JsonObject().put("type", "string").put("format", "date-time");
    JsonObject session = new JsonObject()
        .put("type", "object")
        .put("description", "The session: on login, and always on client-required. token is included on "
            + "login and on client-required.")
        .put("properties", new JsonObject()
            .put("_id", new JsonObject().put("type", "string").put("format", "uuid"))
            .put("token", new JsonObject().put("type", "string"))
            .put("user_id", new JsonObject().put("type", "string"))
            .put("remember_me", new JsonObject().put("type", "boolean"))
            .put("created_at", dateTime.copy())
            .put("last_used_at", dateTime.copy())
            .put("expires_at", new JsonObject()
                .put("type", new JsonArray().add("string").add("null"))
                .put("format", "date-time")
                .put("description", "null for a remember_me session, which does not expire by age or idleness.")));
    return new JsonObject()
        .put("type", "object")
        .put("description", "The one shape of every answer, success or failure.")
        .put("required", new JsonArray().add("status").add("message").add("request_id"))
        .put("properties", new JsonObject()
            .put("status", new JsonObject().put("type", "string").put("enum", codes)
                .put("description", "What happened: one code of the status catalog."))
            .put("message", new JsonObject().put("type", "string")
                .put("description", "One sentence a developer can act on."))
            .put("data", new JsonObject().put("type", "object")
                .put("description", "On success, when the action returns data."))
            .put("session", session)
            .put("param", new JsonObject().put("type", "string")
                .put("description", "On missing-param and invalid-param: the name of the offending param."))
            .put("request_id", new JsonObject().put("type", "string").put("pattern", REQUEST_ID_PATTERN)
                .put("description", "Always; the same value as the X-Request-Id response header.")));
  }

  private static JsonObject ref(String target) {
    return new JsonObject().put("$ref", target);
  }

  private static String codes(List<Status> statuses) {
    return statuses.stream().map(status -> "`" + status.code() + "`").collect(Collectors.joining(", "));
  }
}
