package io.eventgate.app;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every log line of the test JVM as the production pattern writes it (logback-test.xml gives this
 * appender the same pattern as logback.xml), so LogHygieneTest reads what an operator would read.
 */
public final class MemoryAppender extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new ArrayList<>();

  private String pattern;
  private PatternLayout layout;

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    layout = new PatternLayout();
    layout.setContext(getContext());
    layout.setPattern(pattern);
    layout.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    String line = layout.doLayout(event);
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
