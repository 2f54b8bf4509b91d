package io.eventgate.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access log's encoder writes, byte for byte, the line the other appenders' pattern writes from the
 * shipped logback.xml — control characters escaped — whatever the message and its arguments hold.
 */
class AccessLineEncoderTest {

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n%nopex";

  /** A value whose toString() fails: SLF4J writes a marker instead, and so must the encoder. */
  private static final Object THROWING = new Object() {
    @Override
    public String toString() {
      throw new IllegalStateException("no");
    }
  };

  @Test
  void writesTheLineThePatternWrites() throws Exception {
    LoggerContext context = shippedContext();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(PATTERN);
    layout.start();
    AccessLineEncoder encoder = new AccessLineEncoder();
    encoder.setContext(context);
    encoder.start();

    List<Object[]> cases = List.of(
        new Object[] {"{} trace={} {} {} route={} status={} {}ms",
            new Object[] {"r1", "-", "GET", "/appointments/1", "appointments.get", "action-successful", 3L}},
        new Object[] {"{} {} {}", new Object[] {"r1", "G\u001b[2JET", "/a\0b\r\nFORGED\u009b\u007f"}},
        new Object[] {"a backslash {} and \\u001b typed out", new Object[] {"x\\u001by"}},
        new Object[] {"literal \\{} then {}", new Object[] {"arg"}},
        new Object[] {"array {}", new Object[] {new String[] {"a", "\u0007"}}},
        new Object[] {"more {} than {}", new Object[] {"placeholders"}},
        new Object[] {"fewer {}", new Object[] {"one", "two", "three"}},
        new Object[] {"null {} and failing {}", new Object[] {null, THROWING}},
        new Object[] {"surrogates {} \ud83d\ude00 lone \ud800", new Object[] {"\udc00\u00e9"}},
        new Object[] {"no arguments {}", null},
        new Object[] {"control in the pattern\n{}", new Object[] {"\t"}});
    Level[] levels = {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG, Level.TRACE};
    String[] loggers = {"eventgate.access", "io.eventgate.gateway.http.EnvelopeWriter", "x"};
    long time = 1_764_633_599_998L; // the last milliseconds of a second, then the next second
    int n = 0;
    for (Object[] c : cases) {
      for (String logger : loggers) {
        Level level = levels[n % levels.length];
        LoggingEvent event = new LoggingEvent("test", context.getLogger(logger), level, (String) c[0], null,
            (Object[]) c[1]);
        event.setTimeStamp(time + n * 7L);
        n++;
        // Bytes, as an encoder writes them: a lone surrogate becomes '?' in both.
        assertThat(encoder.encode(event)).asString(StandardCharsets.UTF_8)
            .isEqualTo(new String(layout.doLayout(event).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      }
    }
    context.stop();
  }

  @Test
  void theShippedAccessAppenderUsesIt() throws Exception {
    LoggerContext context = shippedContext();
    BatchingConsoleAppender access = (BatchingConsoleAppender) context.getLogger("eventgate.access")
        .getAppender("ACCESS");
    assertThat(access.encoder()).isInstanceOf(AccessLineEncoder.class);
    context.stop();
  }

  private LoggerContext shippedContext() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
    return context;
  }
}
