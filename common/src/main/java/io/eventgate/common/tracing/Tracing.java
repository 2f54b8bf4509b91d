package io.eventgate.common.tracing;

import io.eventgate.common.api.ApiException;
import io.eventgate.common.config.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A process's tracing: on with {@code TRACING=true}, then an OpenTelemetry SDK configured by the standard
 * {@code OTEL_*} variables, exporting OTLP. Vert.x makes the spans of HTTP requests, event-bus messages (whose
 * headers carry the W3C context, also across the cluster) and SQL queries; the project adds its own internal
 * spans through {@link #span}. Off, Vert.x gets no tracer at all and {@link #span} is the bare call, so
 * tracing costs nothing when it is not used.
 *
 * <p>Vert.x keeps the current OpenTelemetry context in a local of the request's (duplicated) Vert.x context,
 * not in a thread local: {@code Span.current()} works in handlers and in the futures they chain, and each
 * request or message has its own.
 */
public final class Tracing {

  /** Tracing off. */
  public static final Tracing OFF = new Tracing(null, Future::succeededFuture);

  /** The longest attribute value a span keeps, unless {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} says. */
  static final String ATTRIBUTE_VALUE_LENGTH = "1024";
  /** The name of the project's own spans' instrumentation scope. */
  static final String SCOPE = "io.eventgate";
  /** The attribute of a span whose work ended in a catalog answer: its status code. */
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("eventgate.status");

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final Supplier<Future<Void>> shutdown;

  private Tracing(OpenTelemetry openTelemetry, Supplier<Future<Void>> shutdown) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry == null ? null : openTelemetry.getTracer(SCOPE);
    this.shutdown = shutdown;
  }

  /**
   * {@link #OFF} unless {@code TRACING} is on; then an SDK from the {@code OTEL_*} environment variables and
   * system properties, whose defaults here differ from the SDK's in these ways: the service is named
   * {@code serviceName}; OTLP is sent over HTTP with protobuf (the one protocol shipped); only the W3C trace
   * context is propagated (the project uses no baggage, and the baggage propagator logs each malformed
   * member a client sends); an attribute's value is cut at {@value #ATTRIBUTE_VALUE_LENGTH} characters (the
   * SDK keeps any length); and no metrics or logs are exported, since the project only makes traces. What a
   * client sends is read through {@link #propagated}. Whatever exporter is configured sends what
   * {@link #exported} leaves of each span.
   */
  public static Tracing from(Settings settings, String serviceName) {
    if (!settings.flag("TRACING")) {
      return OFF;
    }
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of(
            "otel.service.name", serviceName,
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.propagators", "tracecontext",
            "otel.attribute.value.length.limit", ATTRIBUTE_VALUE_LENGTH,
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none"))
        .addSpanExporterCustomizer((exporter, config) -> exported(exporter))
        .addPropagatorCustomizer((propagator, config) -> propagated(propagator))
        // The launcher closes it after Vert.x, so the last requests' spans are exported too.
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new Tracing(sdk, () -> completion(sdk.shutdown()));
  }

  private static Future<Void> completion(CompletableResultCode result) {
    Promise<Void> done = Promise.promise();
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        done.complete();
      } else {
        done.fail("the OpenTelemetry SDK did not shut down cleanly");
      }
    });
    return done.future();
  }

  /**
   * The exporter every SDK of the project exports through: {@code exporter}, given spans whose exception
   * events keep the exception's type but not its message or stack trace (they can hold a service's internal
   * detail or values quoted by PostgreSQL). An SDK made outside {@link #from} (a test's) wraps its exporter
   * here too.
   */
  public static SpanExporter exported(SpanExporter exporter) {
    return new RedactingSpanExporter(exporter);
  }

  /**
   * The propagator every SDK of the project reads a client's context through: {@code propagator}, blind to a
   * {@code tracestate} over {@value BoundedTracestatePropagator#MAX_LENGTH} characters (which W3C lets a receiver
   * drop), so that a client cannot have its state copied onto every span and event-bus message. An SDK made outside
   * {@link #from} wraps its propagator here too.
   */
  public static TextMapPropagator propagated(TextMapPropagator propagator) {
    return new BoundedTracestatePropagator(propagator);
  }

  /** Tracing through an OpenTelemetry its caller made and closes (a test's in-memory exporter). */
  public static Tracing with(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry, Future::succeededFuture);
  }

  /** The SDK, or {@code null} when tracing is off. */
  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public boolean on() {
    return openTelemetry != null;
  }

  /** Gives Vert.x its tracer when tracing is on; off, the builder is left as it is. */
  public VertxBuilder install(VertxBuilder builder) {
    return on() ? builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry)) : builder;
  }

  /**
   * Runs {@code work} inside an internal span named {@code name}, a child of the current span, current
   * itself until the work's future completes, so that what the work starts (a query, a message) is its
   * child. Off, it only calls {@code work}.
   */
  public <T> Future<T> span(String name, Supplier<Future<T>> work) {
    if (tracer == null) {
      return work.get();
    }
    Span span = tracer.spanBuilder(name).startSpan();
    Scope scope = span.makeCurrent();
    Future<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(outcome -> {
      if (outcome.failed()) {
        failed(span, outcome.cause());
      }
      scope.close();
      span.end();
    });
  }

  /** {@link #span} for work done at once: the span ends when {@code work} returns or throws. */
  public <T> T spanNow(String name, Supplier<T> work) {
    if (tracer == null) {
      return work.get();
    }
    Span span = tracer.spanBuilder(name).startSpan();
    try (Scope scope = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * A catalog answer (an invalid token, a missing param) is the work's result, not a fault of the span: it
   * is recorded as the {@code eventgate.status} attribute. Anything else marks the span as an error, by
   * class name only (a message may quote what a client sent).
   */
  private static void failed(Span span, Throwable failure) {
    if (failure instanceof ApiException api) {
      span.setAttribute(STATUS, api.status().code());
    } else {
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
  }

  /**
   * Marks the current span (on a request's Vert.x context, its HTTP span) as an error, described by the
   * answer's catalog status alone. Off, nothing.
   */
  public void currentFailed(String status) {
    if (tracer != null) {
      Span.current().setStatus(StatusCode.ERROR, status);
    }
  }

  /**
   * The current span's context: on a request's Vert.x context, the span of the request. Invalid when
   * tracing is off or nothing is traced here.
   */
  public SpanContext current() {
    return tracer == null ? SpanContext.getInvalid() : Span.current().getSpanContext();
  }

  /**
   * Exports what is left and stops the SDK; call it once Vert.x is closed. Completes when the SDK has
   * stopped, which an unreachable collector can delay: wait for it with a bound.
   */
  public Future<Void> close() {
    return shutdown.get();
  }

  /** The W3C {@code traceparent} of a span context (version 00); {@code null} for an invalid one. */
  public static String traceparent(SpanContext span) {
    return span.isValid()
        ? "00-" + span.getTraceId() + '-' + span.getSpanId() + '-' + span.getTraceFlags().asHex()
        : null;
  }

  /** The trace id of a span context, or {@code null} when it is invalid. */
  public static String traceId(SpanContext span) {
    return span.isValid() ? span.getTraceId() : null;
  }
}
