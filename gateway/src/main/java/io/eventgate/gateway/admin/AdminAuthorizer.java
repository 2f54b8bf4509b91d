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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

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
  /** Credential lookups in PostgreSQL at once, at most. */
  static final int MAX_LOOKUPS = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] adminAuthorization;
  private final CredentialStore store;
  /** Keyed by the token's hash, never the token; an unknown token is kept as empty, for as long as a known one. */
  private final AsyncCache<String, Optional<AdminCaller>> cache = Caffeine.newBuilder()
      .expireAfterWrite(CACHE_TTL).maximumSize(10_000).buildAsync();
  private final AtomicInteger lookups = new AtomicInteger();

  AdminAuthorizer(String adminToken, CredentialStore store) {
    this.adminAuthorization = AdminTokens.hash(BEARER + adminToken);
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
    // Digests of equal length, compared in constant time: the time taken says nothing about how much of the
    // token was right, nor how long ADMIN_TOKEN is.
    if (given != null && MessageDigest.isEqual(adminAuthorization, AdminTokens.hash(given))) {
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
      // Outside the router's own guard: whatever goes wrong here must still answer the request.
      try {
        if (caller.isEmpty()) {
          fail(ctx, unknown());
        } else {
          admit(ctx, caller.get());
        }
      } catch (RuntimeException e) {
        fail(ctx, e);
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

  /**
   * The caller whose token has this hash, or none; a lookup still running when forgotten is not kept. At most
   * {@value #MAX_LOOKUPS} lookups run at once, and unknown tokens are remembered like known ones: a flood of
   * made-up tokens costs the shared database pool little and is answered {@code service-unavailable} past that.
   */
  private Future<Optional<AdminCaller>> lookUp(byte[] hash) {
    Context context = Vertx.currentContext();
    var loading = cache.get(HEX.formatHex(hash), (key, executor) -> {
      if (lookups.incrementAndGet() > MAX_LOOKUPS) {
        lookups.decrementAndGet();
        return CompletableFuture.failedFuture(ApiException.retryAfter(Status.SERVICE_UNAVAILABLE,
            "Too many admin credentials are being checked at once; retry in a second.", 1));
      }
      return store.use(hash).map(Optional::ofNullable).onComplete(done -> lookups.decrementAndGet())
          .toCompletionStage().toCompletableFuture();
    });
    return Future.fromCompletionStage(loading, context);
  }

  private static ApiException unknown() {
    return new ApiException(Status.INVALID_TOKEN, "Send an admin credential as Authorization: Bearer <token>.");
  }
}
