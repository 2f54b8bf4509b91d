package io.eventgate.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/** Keeps every formatted log line of the test JVM, with any stack trace attached to it. */
public final class MemoryAppender extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String line = event.getLoggerName() + " " + event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    synchronized (LINES) {
      LINES.add(line);
    }
  }

  public static List<String> lines() {
    synchronized (LINES) {
      return List.copyOf(LINES);
    }
  }
}
