package io.eventgate.gateway.admin;

import static io.eventgate.gateway.admin.RegistryAdmin.body;
import static io.eventgate.gateway.admin.RegistryAdmin.reply;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.registry.InvalidRecordException;
import io.eventgate.gateway.registry.RegistryChange;
import io.eventgate.gateway.registry.RegistryDocument;
import io.eventgate.gateway.registry.RegistryHistory;
import io.eventgate.gateway.registry.RegistryJson;
import io.eventgate.gateway.registry.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The registry as a whole (docs/API.md section 10): its history of versions with their diffs, rollback to a
 * version, and the export and import of the whole registry as one document, which is how it lives in git.
 */
final class HistoryAdmin {

  private static final String IMPORT = "/admin/registry/import";
  private static final String DRY_RUN = "dry_run";
  private static final String DOCUMENT = "registry";
  private static final String VERSION = "version";
  private static final Set<String> IMPORT_FIELDS = Set.of(DOCUMENT, VERSION, ChangeComments.FIELD);
  private static final Set<String> ROLLBACK_FIELDS = Set.of(VERSION, ChangeComments.FIELD);

  private final RegistryStore store;
  private final RegistryHistory history;

  HistoryAdmin(RegistryStore store, RegistryHistory history) {
    this.store = store;
    this.history = history;
  }

  void mount(Router router) {
    router.get("/admin/registry/export").handler(ctx -> reply(ctx, store.export()));
    router.get("/admin/registry/versions").handler(ctx -> {
      int page = AdminPages.page(ctx);
      reply(ctx, history.page(page, AdminPages.SIZE).map(versions -> AdminPages.answer(page, "versions", versions)));
    });
    router.get("/admin/registry/versions/:version").handler(ctx -> {
      long version = version(ctx.pathParam(VERSION));
      reply(ctx, history.version(version).map(found -> {
        if (found == null) {
          throw noSuchVersion(version);
        }
        return found;
      }));
    });
    router.post("/admin/registry/rollback").handler(this::rollback);
    router.post(IMPORT).handler(this::importDocument);
  }

  /**
   * True for an import that only answers its diff — a read, which a read-only credential may make (a pipeline
   * checking for drift needs no right to change anything). Only the exact path and one {@code dry_run=true}
   * count; anything else goes through {@link #dryRun} after the read-write check.
   */
  static boolean isDryRun(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !IMPORT.equals(request.path())) {
      return false;
    }
    try {
      return List.of("true").equals(request.params().getAll(DRY_RUN));
    } catch (IllegalArgumentException undecodable) {
      return false; // a malformed %-escape in the query: not a dry run; the read-write rule answers it
    }
  }

  /**
   * Applies the document of the body ({@code {"registry": {...}}}, as the export answers it; its {@code
   * version} is allowed and not used), or with {@code ?dry_run=true} only answers what applying it would change.
   */
  private void importDocument(RoutingContext ctx) {
    boolean dryRun = dryRun(ctx);
    JsonObject body = body(ctx);
    RegistryAdmin.checked(() -> {
      RegistryJson.onlyFields("", body, IMPORT_FIELDS);
      return body;
    });
    Object version = body.getValue(VERSION);
    if (version != null && !(version instanceof Number)) {
      throw ApiException.invalidParam(VERSION, "version, when given, must be the number the export answered.");
    }
    RegistryDocument target = RegistryAdmin.checked(() -> RegistryDocument.checked(body.getValue(DOCUMENT), DOCUMENT));
    // Checked on a dry run too, so a dry run answers what the import would.
    RegistryChange change = ChangeComments.of(ctx, body.getValue(ChangeComments.FIELD));
    if (dryRun) {
      reply(ctx, store.diff(target).map(diff -> new JsonObject().put("dry_run", true).put("diff", diff.toJson())
          .put("warnings", new JsonArray(target.warnings()))));
      return;
    }
    if (AdminCaller.of(ctx).role() != AdminCaller.Role.READ_WRITE) {
      // The authorizer lets a read-only caller through for a dry run only; this is that rule's second line.
      throw new ApiException(Status.INVALID_TOKEN, "A read-only credential may only ask a dry run.");
    }
    reply(ctx, store.apply(change, target).map(done -> new JsonObject().put("dry_run", false)
        .put(VERSION, done.version()).put("diff", done.result().toJson())
        .put("warnings", new JsonArray(target.warnings()))));
  }

  /** Makes a new version equal to an earlier one, checked by today's rules like any import. */
  private void rollback(RoutingContext ctx) {
    JsonObject body = body(ctx);
    RegistryAdmin.checked(() -> {
      RegistryJson.onlyFields("", body, ROLLBACK_FIELDS);
      return body;
    });
    Object given = body.getValue(VERSION);
    if (!(given instanceof Integer || given instanceof Long) || ((Number) given).longValue() < 1) {
      throw ApiException.invalidParam(VERSION, "Send the version to roll back to as {\"version\": n}.");
    }
    long version = ((Number) given).longValue();
    Object comment = body.getValue(ChangeComments.FIELD);
    RegistryChange named = ChangeComments.of(ctx, comment);
    RegistryChange change = comment == null && named.comment() == null
        ? new RegistryChange(named.author(), "rollback to version " + version) : named;
    reply(ctx, history.document(version).compose(document -> {
      if (document == null) {
        return Future.failedFuture(noSuchVersion(version));
      }
      RegistryDocument target;
      try {
        target = RegistryDocument.checked(document, DOCUMENT);
      } catch (InvalidRecordException e) {
        return Future.failedFuture(ApiException.invalidParam(VERSION, "Version " + version
            + " breaks today's rules, so it cannot be applied: " + e.field() + ": " + e.getMessage() + "."));
      }
      return store.apply(change, target).map(done -> new JsonObject().put(VERSION, done.version())
          .put("rolled_back_to", version).put("diff", done.result().toJson()));
    }));
  }

  private static boolean dryRun(RoutingContext ctx) {
    List<String> given = ctx.queryParams().getAll(DRY_RUN);
    if (given.isEmpty()) {
      return false;
    }
    if (given.size() == 1 && (given.get(0).equals("true") || given.get(0).equals("false"))) {
      return given.get(0).equals("true");
    }
    throw ApiException.invalidParam("dry_run", "Param 'dry_run' must be given once, as true or false.");
  }

  private static long version(String text) {
    try {
      long version = Long.parseLong(text);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalidParam(VERSION, "A version is a positive integer.");
  }

  private static ApiException noSuchVersion(long version) {
    return ApiException.invalidParam(VERSION, "No version " + version + " in the registry's history.");
  }
}
