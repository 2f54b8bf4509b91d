package io.eventgate.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml, loaded into a context of its own, writes %msg through the converter. */
class EscapedMessageConverterTest {

  @Test
  void theShippedConfigurationEscapesEveryMessage() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL shipped = getClass().getClassLoader().getResource("logback.xml");
    configurator.doConfigure(shipped);
    for (String pattern : new String[] {"%msg", "%m", "%message"}) {
      PatternLayout layout = new PatternLayout();
      layout.setContext(context);
      layout.setPattern("%level " + pattern + "%n");
      layout.start();
      LoggingEvent event = new LoggingEvent("test", context.getLogger("eventgate.access"), Level.INFO,
          "{} {} {}", null, new Object[] {"r1", "G\u001b[2JET", "/a\0b\r\nFORGED\u009b"});
      assertThat(layout.doLayout(event))
          .isEqualTo("INFO r1 G\\u001b[2JET /a\\u0000b\\u000d\\u000aFORGED\\u009b" + System.lineSeparator());
    }
  }
}
