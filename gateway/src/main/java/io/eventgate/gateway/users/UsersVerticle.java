package io.eventgate.gateway.users;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.api.Status;
import io.eventgate.common.bus.CallerAssertions;
import io.eventgate.common.bus.ServiceConsumer;
import io.eventgate.common.bus.ServiceReply;
import io.eventgate.common.bus.ServiceRequest;
import io.eventgate.common.bus.SignedCallers;
import io.eventgate.common.tracing.Tracing;
import io.eventgate.common.config.Settings;
import io.eventgate.gateway.email.Email;
import io.eventgate.gateway.email.Mailer;
import io.eventgate.gateway.session.SessionCache;
import io.eventgate.gateway.session.SessionCallers;
import io.eventgate.gateway.session.SessionStore;
import io.eventgate.gateway.session.TokenService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The users service: {@code login}, {@code logout} and {@code client_register} on the event bus. It lives
 * beside the gateway because it shares the gateway's token keys and session cache.
 */
public final class UsersVerticle extends VerticleBase {

  public static final String ADDRESS = SignedCallers.ADDRESS;
  /** The action that answers rate-limited itself (see {@link LoginThrottle}); the API docs list it there. */
  public static final String LOGIN = "login";
  /** The actions that send email, and so may answer mandrill-email-failed (the API docs list it for them). */
  public static final Set<String> EMAIL_SENDING_ACTIONS = Set.of("client_register");

  private static final String BAD_CREDENTIALS = "The email or password is not correct.";
  /** Threads for password hashing, apart from Vert.x's worker pool so a login flood starves nothing else. */
  private static final int HASHING_THREADS = Math.max(2, Settings.cores());
  /**
   * Logins waiting for a hashing thread beyond which new ones are refused at once: a flood of logins
   * is answered service-unavailable quickly instead of making every login, good ones too, time out.
   */
  private static final int MAX_WAITING_LOGINS = 8 * HASHING_THREADS;
  /** Logins hashed or waiting at most; one more is refused at once. It grows with the machine's cores. */
  public static final int LOGINS_IN_HAND = HASHING_THREADS + MAX_WAITING_LOGINS;
  /** How long before its sender's timeout a login is answered, so the answer still arrives in time. */
  private static final long ANSWER_MARGIN_MS = 250;

  private final UserStore users;
  private final SessionStore sessions;
  private final SessionCache cache;
  private final TokenService tokens;
  private final Mailer mailer;
  private final LoginThrottle throttle;
  private final String address;
  private final AtomicInteger hashing = new AtomicInteger();
  private WorkerExecutor hashingPool;
  private String unknownUserHash;
  private final SessionCallers sessionCallers;
  private final CallerAssertions callers;
  private final Tracing tracing;
  private ServiceConsumer consumer;

  public UsersVerticle(Pool pool, SessionStore sessions, SessionCache cache, TokenService tokens, Mailer mailer,
      LoginThrottle throttle, SessionCallers sessionCallers, CallerAssertions callers, Tracing tracing,
      String address) {
    this.sessionCallers = sessionCallers;
    this.callers = callers;
    this.tracing = tracing;
    this.users = new UserStore(pool);
    this.sessions = sessions;
    this.cache = cache;
    this.tokens = tokens;
    this.mailer = mailer;
    this.throttle = throttle;
    this.address = address;
  }

  @Override
  public Future<?> start() {
    hashingPool = vertx.createSharedWorkerExecutor("eventgate-password-hashing", HASHING_THREADS);
    // An unknown email is checked against this hash, so it costs the same time as a wrong password.
    return hashingPool.executeBlocking(() -> PasswordHasher.hash(UUID.randomUUID().toString()))
        .compose(hash -> {
          unknownUserHash = hash;
          consumer = ServiceConsumer.register(vertx.eventBus(), tracing, callers, address, Map.of(
              LOGIN, this::login,
              "logout", this::logout,
              "client_register", this::clientRegister,
              SessionCallers.ACTION, sessionCallers::exchange));
          return consumer.completion();
        });
  }

  @Override
  public Future<?> stop() {
    return (consumer == null ? Future.succeededFuture() : consumer.stop(vertx, Duration.ofSeconds(10)))
        .eventually(() -> hashingPool.close());
  }

  private Future<ServiceReply> login(ServiceRequest request) {
    long answerBy = answerBy(request);
    JsonObject params = request.params();
    String email = params.getString("email");
    String password = params.getString("password");
    boolean rememberMe = params.getBoolean("remember_me", false);
    return throttle.admit(email, request.clientAddress())
        .compose(v -> users.findByEmail(email))
        .compose(user -> verify(password, user == null ? unknownUserHash : user.passwordHash(), answerBy)
            .compose(matches -> {
              if (user == null || !matches) {
                return Future.failedFuture(ApiException.invalidParam("password", BAD_CREDENTIALS));
              }
              throttle.succeeded(email, request.clientAddress());
              return sessions.create(user.id(), rememberMe).map(session -> {
                String token = tokens.issue(session.id().toString(), session.userId(), session.createdAt(),
                    rememberMe);
                return new ServiceReply(new JsonObject().put("user", user.toJson()), session.toJson(token));
              });
            }));
  }

  /**
   * When a login must be answered by, on {@link System#nanoTime()}'s clock: a little before the sender stops
   * waiting, so the answer still reaches it; {@code Long.MAX_VALUE} when the sender gave no timeout.
   */
  private static long answerBy(ServiceRequest request) {
    return request.timeoutMs() <= 0 ? Long.MAX_VALUE
        : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.timeoutMs() - ANSWER_MARGIN_MS));
  }

  /**
   * Checks the password on the hashing pool. A login still waiting for a thread when it must be answered is
   * answered {@code service-unavailable} then, and its hash is never computed: during a flood, logins fail
   * fast instead of timing out while the pool works through hashes nobody will read.
   */
  private Future<Boolean> verify(String password, String hash, long answerBy) {
    if (hashing.incrementAndGet() > LOGINS_IN_HAND) {
      hashing.decrementAndGet();
      return Future.failedFuture(tooManyLogins());
    }
    Promise<Boolean> result = Promise.promise();
    AtomicBoolean abandoned = new AtomicBoolean();
    long timer = answerBy == Long.MAX_VALUE ? -1
        : vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(answerBy - System.nanoTime())), id -> {
          abandoned.set(true);
          result.tryFail(tooManyLogins());
        });
    hashingPool.executeBlocking(() -> abandoned.get() ? null : PasswordHasher.verify(password, hash), false)
        .onComplete(done -> {
          hashing.decrementAndGet();
          vertx.cancelTimer(timer);
          if (done.failed()) {
            result.tryFail(done.cause());
          } else if (done.result() != null) {
            result.tryComplete(done.result());
          }
        });
    return result.future();
  }

  private static ApiException tooManyLogins() {
    return new ApiException(Status.SERVICE_UNAVAILABLE, "Too many logins at once; try again in a moment.");
  }

  private Future<ServiceReply> logout(ServiceRequest request) {
    UUID sessionId = sessionOf(request);
    // Answered only once every gateway has dropped its cached copy: no read after this answer is served.
    return sessions.revoke(sessionId).compose(revoked -> cache.invalidateEverywhere(sessionId))
        .map(v -> ServiceReply.empty());
  }

  /**
   * Creates the caller's client record, then sends the welcome email. The record is committed before the
   * email is tried, so a failed send answers {@code mandrill-email-failed} with the registration kept.
   */
  private Future<ServiceReply> clientRegister(ServiceRequest request) {
    sessionOf(request); // a caller with a session, or invalid-token
    JsonObject params = request.params();
    return users.insertClient(UUID.fromString(request.caller().userId()), params.getString("first_name"),
            params.getString("last_name"), params.getString("phone"))
        .compose(client -> {
          if (client == null) {
            throw ApiException.invalidParam("first_name", "This user is already registered as a client.");
          }
          // Every cached session of the user says it has no client; drop them all, on every gateway, so the
          // next request through any of them sees the new record.
          return cache.invalidateUserEverywhere(request.caller().userId())
              .compose(v -> mailer.send(welcome(client)))
              .map(sent -> ServiceReply.of(new JsonObject().put("client", client)));
        });
  }

  private static Email welcome(JsonObject client) {
    String name = client.getString("first_name") + " " + client.getString("last_name");
    return new Email(client.getString("email"), name, "Welcome, " + client.getString("first_name"),
        "Hello " + name + ",\n\nyour client account is ready: you can now read your appointments.\n");
  }

  private static UUID sessionOf(ServiceRequest request) {
    String sessionId = request.caller().sessionId();
    if (sessionId == null) {
      throw new ApiException(Status.INVALID_TOKEN);
    }
    return UUID.fromString(sessionId);
  }
}
