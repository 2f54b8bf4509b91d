package io.eventgate.gateway.admin;

import static io.eventgate.gateway.admin.AdminReplies.fail;
import static io.eventgate.gateway.admin.AdminReplies.succeed;

import io.eventgate.common.api.ApiException;
import io.eventgate.gateway.http.JsonBodies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The credential endpoints of the admin listener (docs/API.md section 10): list and create named credentials,
 * remove one, and say who the caller is. Who may call which is decided before these run ({@link AdminAuthorizer}).
 */
final class CredentialsAdmin {

  private final CredentialStore store;
  private final AdminAuthorizer authorizer;

  CredentialsAdmin(CredentialStore store, AdminAuthorizer authorizer) {
    this.store = store;
    this.authorizer = authorizer;
  }

  void mount(Router router) {
    router.get("/admin/whoami").handler(ctx -> {
      AdminCaller caller = AdminCaller.of(ctx);
      succeed(ctx, new JsonObject().put("name", caller.name()).put("role", caller.role().code()));
    });
    router.get("/admin/credentials").handler(ctx -> reply(ctx, store.list()
        .map(list -> new JsonObject().put("credentials", list))));
    router.post("/admin/credentials").handler(this::create);
    router.delete("/admin/credentials/:name").handler(this::remove);
  }

  private void create(RoutingContext ctx) {
    NewCredential credential = NewCredential.fromJson(body(ctx));
    String createdBy = AdminCaller.of(ctx).name();
    // The token exists in this method and in the answer only: the store sees its hash.
    String token = AdminTokens.generate();
    reply(ctx, store.create(credential, AdminTokens.hash(token), createdBy).map(createdAt -> {
      if (createdAt == null) {
        throw ApiException.invalidParam("name", "A credential named '" + credential.name() + "' exists already.");
      }
      return new JsonObject().put("credential", new JsonObject()
          .put("name", credential.name())
          .put("role", credential.role().code())
          .put("created_at", createdAt.toString())
          .put("created_by", createdBy)
          .put("token", token));
    }));
  }

  private void remove(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (AdminCaller.ADMIN_TOKEN_NAME.equals(name)) {
      fail(ctx, ApiException.invalidParam("name",
          "The credential 'admin' is ADMIN_TOKEN: change that setting instead."));
      return;
    }
    // A name no credential could have (U+0000 from %00, say) never reaches a query.
    Future<Boolean> removed = NewCredential.isName(name) ? store.delete(name) : Future.succeededFuture(false);
    reply(ctx, removed.map(found -> {
      if (!found) {
        throw ApiException.invalidParam("name", "No such credential.");
      }
      authorizer.forget();
      return new JsonObject().put("removed", new JsonObject().put("name", name));
    }));
  }

  private static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null) {
      return new JsonObject();
    }
    return JsonBodies.decodeJson(ctx.body().buffer().getBytes());
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(data -> succeed(ctx, data), failure -> fail(ctx, failure));
  }
}
