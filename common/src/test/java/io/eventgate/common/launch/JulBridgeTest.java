package io.eventgate.common.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What a library logs through java.util.logging (the OpenTelemetry SDK's exporters and propagators) goes
 * through Logback once the launcher is loaded, and nothing is printed by JUL's own console handler, which
 * would write the stack trace to standard error.
 */
class JulBridgeTest {

  @Test
  void julRecordsGoThroughLogbackAndNowhereElse() throws Exception {
    Class.forName(Launcher.class.getName());
    Handler[] handlers = LogManager.getLogManager().getLogger("").getHandlers();
    assertThat(handlers).singleElement().isInstanceOf(SLF4JBridgeHandler.class);

    String name = "io.opentelemetry.exporter.internal.http.HttpExporter";
    Logger logback = (Logger) LoggerFactory.getLogger(name);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logback.addAppender(events);
    try {
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
      jul.log(Level.SEVERE, "Failed to export spans.", new IOException("connection refused"));
      jul.fine("below the configured level");
      assertThat(events.list).singleElement().satisfies(event -> {
        assertThat(event.getFormattedMessage()).isEqualTo("Failed to export spans.");
        assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
      });
      assertThat(jul.isLoggable(Level.FINE)).as("JUL's levels follow Logback's").isFalse();
    } finally {
      logback.detachAppender(events);
    }
  }
}
