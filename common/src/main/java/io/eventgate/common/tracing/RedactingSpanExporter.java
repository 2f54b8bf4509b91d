package io.eventgate.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Exports spans without the message and stack trace of their exception events, keeping the exception's type.
 * Vert.x records the failure of an event-bus request or a query on its span ({@code recordException}): a
 * service's failure JSON holds internal detail, and PostgreSQL's error messages can quote values, neither of
 * which may leave the process. Spans without such an event are passed on as they are.
 */
final class RedactingSpanExporter implements SpanExporter {

  static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private final SpanExporter exporter;

  RedactingSpanExporter(SpanExporter exporter) {
    this.exporter = exporter;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> redacted = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      redacted.add(hasDetail(span) ? new Redacted(span) : span);
    }
    return exporter.export(redacted);
  }

  private static boolean hasDetail(SpanData span) {
    for (EventData event : span.getEvents()) {
      if (hasDetail(event)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDetail(EventData event) {
    Attributes attributes = event.getAttributes();
    return attributes.get(MESSAGE) != null || attributes.get(STACKTRACE) != null;
  }

  @Override
  public CompletableResultCode flush() {
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return exporter.shutdown();
  }

  @Override
  public void close() {
    exporter.close();
  }

  @Override
  public String toString() {
    return "RedactingSpanExporter{" + exporter + '}';
  }

  /** A span whose events are rebuilt without the exception's message and stack trace. */
  private static final class Redacted extends DelegatingSpanData {

    private final List<EventData> events;

    Redacted(SpanData span) {
      super(span);
      List<EventData> rebuilt = new ArrayList<>(span.getEvents().size());
      for (EventData event : span.getEvents()) {
        rebuilt.add(hasDetail(event) ? withoutDetail(event) : event);
      }
      this.events = List.copyOf(rebuilt);
    }

    /** A plain event (not the SDK's exception event, which holds the {@code Throwable} itself). */
    private static EventData withoutDetail(EventData event) {
      AttributesBuilder kept = event.getAttributes().toBuilder();
      kept.remove(MESSAGE);
      kept.remove(STACKTRACE);
      return EventData.create(event.getEpochNanos(), event.getName(), kept.build(),
          event.getTotalAttributeCount());
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }
  }
}
