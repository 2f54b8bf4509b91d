package io.eventgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load: requests sent at a constant rate whatever the server does, each latency measured from
 * the moment the request was <em>due</em>, not from when a connection was free to send it. A server that
 * stalls for 100 ms thus shows every request that should have gone out in those 100 ms as late, which a
 * closed-loop tool such as wrk does not (coordinated omission). Every answer is checked ({@link AnswerCheck}),
 * so the same driver, at a low rate beside wrk, samples answers under load.
 */
final class FixedRate implements AutoCloseable {

  /** How often due requests are sent: 1 ms, so none waits behind the schedule by more than that. */
  private static final long TICK_MS = 1;
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);
  private static final long TIMEOUT_MS = 10_000;
  private static final int IDLE_SECONDS = 20;
  private static final int PROBLEMS_LOGGED = 5;

  private final Vertx vertx;
  private final HttpClientAgent client;

  /** At most {@code connections} connections per server, as many as wrk opens. */
  FixedRate(int connections) {
    // One event loop: the driver shares the machine with the servers; it needs little.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    // Idle connections are let go well before a server's idle timeout (the gateway's is 60 s, the client's
    // default the same): otherwise a request can be sent on a connection the server is closing at that
    // instant, and fail for a reason that has nothing to do with either server.
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(IDLE_SECONDS),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** What one run measured. Latencies in microseconds from each request's intended send time. */
  record Result(double rate, double seconds, long sent, long answered, long failed, long wrong, Histogram latency) {

    double achieved() {
      return answered / seconds;
    }

    double percentileMillis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
      return latency.getMaxValue() / 1000.0;
    }

    long errors() {
      return failed + wrong;
    }
  }

  /** Sends {@code rate} requests a second for {@code seconds} to {@code url}; completes when all answered. */
  Future<Result> start(String url, List<AnswerCheck.Line> lines, double rate, int seconds, boolean gateway,
      long seed) {
    Promise<Result> done = Promise.promise();
    vertx.runOnContext(v -> new Run(url, lines, rate, seconds, gateway, new Random(seed), done).begin());
    return done.future();
  }

  Result run(String url, List<AnswerCheck.Line> lines, double rate, int seconds, boolean gateway, long seed)
      throws Exception {
    return start(url, lines, rate, seconds, gateway, seed).toCompletionStage().toCompletableFuture().get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  /** One run; every field is touched only on the driver's event loop. */
  private final class Run {
    private final String url;
    private final List<AnswerCheck.Line> lines;
    private final double rate;
    private final long total;
    private final boolean gateway;
    private final Random random;
    private final Promise<Result> done;
    private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    private long start;
    private long sent;
    private long finished;
    private long failed;
    private long wrong;
    private long last;

    Run(String url, List<AnswerCheck.Line> lines, double rate, int seconds, boolean gateway, Random random,
        Promise<Result> done) {
      this.url = url;
      this.lines = lines;
      this.rate = rate;
      this.total = Math.max(1, Math.round(rate * seconds));
      this.gateway = gateway;
      this.random = random;
      this.done = done;
    }

    void begin() {
      start = System.nanoTime();
      vertx.setPeriodic(TICK_MS, timer -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) * rate / 1e9) + 1);
        while (sent < due) {
          send(start + (long) (sent * 1e9 / rate));
          sent++;
        }
        if (sent == total) {
          vertx.cancelTimer(timer);
        }
      });
    }

    private void send(long intended) {
      AnswerCheck.Line line = lines.get(random.nextInt(lines.size()));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
          .setIdleTimeout(TIMEOUT_MS)
          .putHeader("Content-Type", "application/json")
          .putHeader("Authorization", "Bearer " + line.token());
      client.request(request)
          .compose(req -> req.send(Buffer.buffer(line.body())))
          .compose(response -> response.body().map(body -> problem(line, response.statusCode(), body)))
          .onComplete(answer -> {
            long now = System.nanoTime();
            last = now;
            latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - intended) / 1000)));
            if (answer.failed()) {
              if (failed++ < PROBLEMS_LOGGED) {
                Log.line("fixed-rate request to %s failed: %s", url, answer.cause().toString());
              }
            } else if (answer.result() != null) {
              if (wrong++ < PROBLEMS_LOGGED) {
                Log.line("wrong answer from %s: %s", url, answer.result());
              }
            }
            if (++finished == total) {
              done.complete(new Result(rate, Math.max(1e-9, (last - start) / 1e9), sent, finished - failed, failed,
                  wrong, latency));
            }
          });
    }

    private String problem(AnswerCheck.Line line, int code, Buffer body) {
      JsonObject json;
      try {
        json = body.toJsonObject();
      } catch (RuntimeException e) {
        json = null;
      }
      return AnswerCheck.problem(line, code, json, gateway);
    }
  }
}
