package io.eventgate.common.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} with its control characters escaped ({@link ControlCharacters}). Every logback.xml of the
 * project registers it under the word {@code msg} itself, so no log call, pattern or appender can write a
 * client's ESC, NUL or line break raw: request paths, methods and headers reach log lines as arguments.
 */
public final class EscapedMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return ControlCharacters.escape(super.convert(event));
  }
}
