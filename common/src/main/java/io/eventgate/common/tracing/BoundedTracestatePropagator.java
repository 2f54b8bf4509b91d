package io.eventgate.common.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A propagator that does not see a {@code tracestate} longer than {@value #MAX_LENGTH} characters: a
 * client's state is copied onto every span of its trace and every event-bus message, so an 8 KB one would be
 * carried everywhere. W3C Trace Context lets a receiver discard the whole state; the {@code traceparent} is
 * still continued. Injecting is the wrapped propagator's own.
 */
final class BoundedTracestatePropagator implements TextMapPropagator {

  /** The length W3C Trace Context asks every vendor to propagate at least. */
  static final int MAX_LENGTH = 512;
  private static final String TRACESTATE = "tracestate";

  private final TextMapPropagator propagator;

  BoundedTracestatePropagator(TextMapPropagator propagator) {
    this.propagator = propagator;
  }

  @Override
  public Collection<String> fields() {
    return propagator.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    propagator.inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    return propagator.extract(context, carrier, new Bounded<>(getter));
  }

  @Override
  public String toString() {
    return "BoundedTracestatePropagator{" + propagator + '}';
  }

  /** The carrier as the wrapped propagator reads it: an over-long {@code tracestate} is absent. */
  private record Bounded<C>(TextMapGetter<C> getter) implements TextMapGetter<C> {

    @Override
    public Iterable<String> keys(C carrier) {
      return getter.keys(carrier);
    }

    @Override
    public String get(C carrier, String key) {
      String value = getter.get(carrier, key);
      return value != null && value.length() > MAX_LENGTH && TRACESTATE.equalsIgnoreCase(key) ? null : value;
    }

    @Override
    public Iterator<String> getAll(C carrier, String key) {
      if (!TRACESTATE.equalsIgnoreCase(key)) {
        return getter.getAll(carrier, key);
      }
      // Several tracestate headers make one list: bounded together.
      int length = 0;
      List<String> values = new ArrayList<>();
      for (Iterator<String> all = getter.getAll(carrier, key); all.hasNext(); ) {
        String value = all.next();
        length += value.length();
        if (length > MAX_LENGTH) {
          return Collections.emptyIterator();
        }
        values.add(value);
      }
      return values.iterator();
    }
  }
}
