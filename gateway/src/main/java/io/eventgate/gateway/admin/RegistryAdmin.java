package io.eventgate.gateway.admin;

import static io.eventgate.gateway.admin.AdminReplies.fail;
import static io.eventgate.gateway.admin.AdminReplies.succeed;

import io.eventgate.common.api.ApiException;
import io.eventgate.gateway.http.JsonBodies;
import io.eventgate.gateway.registry.InvalidRecordException;
import io.eventgate.gateway.registry.RegistryChange;
import io.eventgate.gateway.registry.RegistryDefaults;
import io.eventgate.gateway.registry.RegistryJson;
import io.eventgate.gateway.registry.RegistryStore;
import io.eventgate.gateway.registry.RegistryStore.Removal;
import io.eventgate.gateway.registry.RouteRecord;
import io.eventgate.gateway.registry.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * The registry endpoints of the admin listener (docs/API.md section 10): list, read, create or replace, and remove
 * services and routes; read and replace the defaults routes inherit. Records are checked with the rules of
 * {@link RegistryJson} before anything is written; every write reaches every gateway through the registry's change
 * notification.
 */
final class RegistryAdmin {

  private static final String ROUTES = "/admin/routes/";
  private static final String DEFAULTS = "/admin/defaults";

  private final RegistryStore store;

  RegistryAdmin(RegistryStore store) {
    this.store = store;
  }

  void mount(Router router) {
    router.get("/admin/services").handler(ctx -> reply(ctx, store.services().map(RegistryAdmin::serviceList)));
    router.get("/admin/services/:name").handler(ctx -> reply(ctx, serviceName(ctx).compose(store::service)
        .map(service -> found(service == null ? null : RegistryJson.toJson(service), "name", "service"))));
    router.put("/admin/services/:name").handler(this::putService);
    router.delete("/admin/services/:name").handler(this::deleteService);
    router.get("/admin/routes").handler(ctx -> reply(ctx, store.routes().map(RegistryAdmin::routeList)));
    router.get(DEFAULTS).handler(ctx -> reply(ctx, store.defaults()
        .map(defaults -> new JsonObject().put("defaults", defaults.toJson()))));
    router.put(DEFAULTS).handler(ctx -> {
      RegistryDefaults defaults = checked(() -> RegistryDefaults.fromJson(body(ctx)));
      reply(ctx, store.putDefaults(ChangeComments.of(ctx), defaults)
          .map(done -> versioned(new JsonObject().put("defaults", defaults.toJson()), done)));
    });
    router.getWithRegex("/admin/routes/.+").handler(ctx -> {
      RouteKey key = RouteKey.of(ctx);
      reply(ctx, key.known().compose(known -> store.route(key.method, key.path))
          .map(route -> found(route == null ? null : RegistryJson.toJson(route), "path", "route")));
    });
    router.putWithRegex("/admin/routes/.+").handler(this::putRoute);
    router.deleteWithRegex("/admin/routes/.+").handler(ctx -> {
      RouteKey key = RouteKey.of(ctx);
      RegistryChange change = ChangeComments.of(ctx);
      reply(ctx, key.known().compose(known -> store.deleteRoute(change, key.method, key.path)).map(done -> {
        if (!done.result()) {
          throw ApiException.invalidParam("path", "No route " + key.method + " " + key.path + ".");
        }
        return versioned(new JsonObject().put("removed", new JsonObject().put("method", key.method)
            .put("path", key.path)), done);
      }));
    });
  }

  private void putService(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    ServiceRecord service = checked(() -> RegistryJson.service(name, body(ctx)));
    reply(ctx, store.putService(ChangeComments.of(ctx), service).map(done -> versioned(new JsonObject()
        .put("service", RegistryJson.toJson(service)).put("created", done.result()), done)));
  }

  private void deleteService(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    RegistryChange change = ChangeComments.of(ctx);
    reply(ctx, serviceName(ctx).compose(known -> store.deleteService(change, known)).map(done -> {
      Removal removal = done.result();
      if (removal == Removal.IN_USE) {
        throw ApiException.invalidParam("name", "Service '" + name + "' is used by routes; remove or move them first.");
      }
      if (removal == Removal.NOT_FOUND) {
        throw ApiException.invalidParam("name", "No service named '" + name + "'.");
      }
      return versioned(new JsonObject().put("removed", new JsonObject().put("name", name)), done);
    }));
  }

  private void putRoute(RoutingContext ctx) {
    RouteKey key = RouteKey.of(ctx);
    RouteRecord route = checked(() -> RegistryJson.route(key.method, key.path, body(ctx)));
    reply(ctx, store.putRoute(ChangeComments.of(ctx), route).map(done -> {
      if (done.result() == null) {
        throw ApiException.invalidParam("service", "No service named '" + route.service() + "'.");
      }
      return versioned(new JsonObject().put("route", RegistryJson.toJson(route)).put("created", done.result()),
          done);
    }));
  }

  /**
   * The decoded {@code {name}} of the path, or {@code invalid-param} on {@code name} when no service could
   * have it: a name holding U+0000 (from {@code %00}) must never reach a query, where it would crash.
   */
  private static Future<String> serviceName(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    return RegistryJson.isServiceName(name) ? Future.succeededFuture(name)
        : Future.failedFuture(ApiException.invalidParam("name", "No such service."));
  }

  static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null) {
      return new JsonObject();
    }
    return JsonBodies.decodeJson(ctx.body().buffer().getBytes());
  }

  /** Runs a record check, turning a broken rule into {@code invalid-param} naming the field. */
  static <T> T checked(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidRecordException e) {
      throw ApiException.invalidParam(e.field(), capitalized(e.getMessage()) + ".");
    }
  }

  /**
   * An answer to a change, with the registry version it made: {@code null} when the registry was left as it
   * was (the record was put back unchanged), so no version was recorded.
   */
  static JsonObject versioned(JsonObject answer, RegistryChange.Outcome<?> done) {
    return answer.put("version", done.version());
  }

  private static JsonObject found(JsonObject record, String param, String kind) {
    if (record == null) {
      throw ApiException.invalidParam(param, "No such " + kind + ".");
    }
    return new JsonObject().put(kind, record);
  }

  private static JsonObject serviceList(List<ServiceRecord> services) {
    JsonArray list = new JsonArray();
    services.forEach(service -> list.add(RegistryJson.toJson(service)));
    return new JsonObject().put("services", list);
  }

  private static JsonObject routeList(List<RouteRecord> routes) {
    JsonArray list = new JsonArray();
    routes.forEach(route -> list.add(RegistryJson.toJson(route)));
    return new JsonObject().put("routes", list);
  }

  static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(data -> succeed(ctx, data), failure -> fail(ctx, failure));
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** {@code /admin/routes/POST/api/v1/appointments/read} names the route {@code POST /api/v1/appointments/read}. */
  private record RouteKey(String method, String path) {

    static RouteKey of(RoutingContext ctx) {
      String rest = ctx.request().path().substring(ROUTES.length());
      int slash = rest.indexOf('/');
      return slash < 0 ? new RouteKey(rest, "") : new RouteKey(rest.substring(0, slash), rest.substring(slash));
    }

    /** Fails with {@code invalid-param} on {@code path} when no route could have this key: no query for it. */
    Future<Void> known() {
      return RegistryJson.isRouteKey(method, path) ? Future.succeededFuture()
          : Future.failedFuture(ApiException.invalidParam("path", "No such route."));
    }
  }
}
