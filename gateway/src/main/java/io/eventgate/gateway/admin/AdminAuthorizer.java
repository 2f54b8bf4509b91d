package io.eventgate.gateway.admin;

import static io.eventgate.gateway.admin.AdminReplies.fail;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.gateway.admin.AdminCaller.Role;
import io.eventgate.gateway.http.SingleValueHeaders;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Who may call the admin listener, and what they may do (docs/API.md section 10). {@code ADMIN_TOKEN} is the
 * credential {@code admin}, read-write; any other bearer token of the form {@link AdminTokens} makes is looked up
 * by its hash. A read-only caller is refused any method but GET, HEAD and OPTIONS here, before its body is read:
 * the one place that rule is written.
 */
final class AdminAuthorizer implements Handler<RoutingContext> {

  /**
   * How long a process trusts a looked-up credential without asking PostgreSQL again: a burst of requests costs
   * one query, and a credential removed through another process stops working here within this time. A removal
   * through this process clears the cache at once ({@link #forget}).
   */
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final String BEARER = "Bearer ";
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] adminAuthorization;
  private final CredentialStore store;
  /** Keyed by the token's hash, never the token; unknown tokens are not kept. */
  private final AsyncCache<String, AdminCaller> cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL)
      .maximumSize(10_000).buildAsync();

  AdminAuthorizer(String adminToken, CredentialStore store) {
    this.adminAuthorization = (BEARER + adminToken).getBytes(StandardCharsets.UTF_8);
    this.store = store;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given;
    try {
      given = SingleValueHeaders.get(ctx.request(), HttpHeaders.AUTHORIZATION, Status.INVALID_TOKEN);
    } catch (ApiException twice) {
      fail(ctx, twice);
      return;
    }
    // Constant-time comparison: the time taken says nothing about how much of the token was right.
    if (given != null && MessageDigest.isEqual(adminAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
      admit(ctx, new AdminCaller(AdminCaller.ADMIN_TOKEN_NAME, Role.READ_WRITE));
      return;
    }
    String token = given != null && given.startsWith(BEARER) ? given.substring(BEARER.length()) : null;
    if (!AdminTokens.hasTokenForm(token)) {
      fail(ctx, unknown());
      return;
    }
    // The body waits until the caller is known: the body handler after this one must see all of it, and a
    // refused request's body is never read.
    HttpServerRequest request = ctx.request();
    request.pause();
    lookUp(AdminTokens.hash(token)).onComplete(caller -> {
      request.resume();
      if (caller == null) {
        fail(ctx, unknown());
      } else {
        admit(ctx, caller);
      }
    }, failure -> {
      request.resume();
      fail(ctx, failure);
    });
  }

  /** Forgets every credential looked up here: after a removal, so it takes effect on this process at once. */
  void forget() {
    cache.synchronous().invalidateAll();
  }

  /**
   * The read-only rule: what a role may do with a method, on every admin path. The one request with another
   * method that only reads, an import's dry run, is allowed too (see {@link HistoryAdmin#isDryRun}).
   */
  static boolean allows(Role role, HttpMethod method) {
    return role == Role.READ_WRITE
        || method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }

  private static void admit(RoutingContext ctx, AdminCaller caller) {
    if (!allows(caller.role(), ctx.request().method()) && !HistoryAdmin.isDryRun(ctx.request())) {
      // invalid-token (401): the catalog has no 403, and this credential is not one that authorises the request.
      fail(ctx, new ApiException(Status.INVALID_TOKEN, "The credential '" + caller.name()
          + "' is read-only: it may read (GET) but not change anything."));
      return;
    }
    caller.attachTo(ctx);
    ctx.next();
  }

  /** The caller whose token has this hash, or {@code null}; a lookup still running when forgotten is not kept. */
  private Future<AdminCaller> lookUp(byte[] hash) {
    Context context = Vertx.currentContext();
    var loading = cache.get(HEX.formatHex(hash),
        (key, executor) -> store.use(hash).toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(loading, context);
  }

  private static ApiException unknown() {
    return new ApiException(Status.INVALID_TOKEN, "Send an admin credential as Authorization: Bearer <token>.");
  }
}
