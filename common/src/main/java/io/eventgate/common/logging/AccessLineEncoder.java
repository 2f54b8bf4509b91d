package io.eventgate.common.logging;

import ch.qos.logback.classic.pattern.Abbreviator;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Writes the line {@code %d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n%nopex} — the same line as the other
 * appenders' pattern, control characters escaped as {@link EscapedMessageConverter} escapes them — without a
 * {@code PatternLayout}: the access log writes one line per request, and the general machinery (a converter
 * chain, SLF4J's formatter, a string per piece) cost its writer thread more than the line is worth. The
 * arguments are substituted into {@code {}} and escaped straight into one buffer.
 *
 * <p>A message SLF4J would format differently from a plain {@code {}} substitution (an escaped {@code \{}},
 * an array argument) is formatted by SLF4J instead, so the line is always what the pattern would write.
 *
 * <p>Not thread-safe: it reuses its buffer and its last second. One {@link BatchingConsoleAppender}'s writer
 * thread is its only caller.
 */
public final class AccessLineEncoder extends EncoderBase<ILoggingEvent> {

  /** {@code %logger{24}}. */
  private static final int LOGGER_LENGTH = 24;

  private final Abbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
  private final ZoneId zone = ZoneId.systemDefault();
  private final StringBuilder line = new StringBuilder(256);
  private String lastLoggerName;
  private String lastLoggerAbbreviation;
  /** The second {@link #secondPrefix} stands for, as epoch seconds. */
  private long lastSecond = Long.MIN_VALUE;
  /** {@code HH:mm:ss.} of {@link #lastSecond}. */
  private String secondPrefix;

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    line.setLength(0);
    appendTime(event.getTimeStamp());
    String level = event.getLevel().toString();
    line.append(level);
    for (int i = level.length(); i < 5; i++) {
      line.append(' ');
    }
    line.append(' ').append(abbreviated(event.getLoggerName())).append(" - ");
    appendMessage(event);
    line.append(System.lineSeparator());
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void appendTime(long millis) {
    long second = Math.floorDiv(millis, 1000);
    if (second != lastSecond) {
      LocalTime time = LocalTime.ofInstant(Instant.ofEpochSecond(second), zone);
      secondPrefix = twoDigits(time.getHour()) + ':' + twoDigits(time.getMinute()) + ':'
          + twoDigits(time.getSecond()) + '.';
      lastSecond = second;
    }
    int milli = (int) Math.floorMod(millis, 1000);
    line.append(secondPrefix).append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10))
        .append((char) ('0' + milli % 10)).append(' ');
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  private String abbreviated(String loggerName) {
    if (!loggerName.equals(lastLoggerName)) {
      lastLoggerAbbreviation = abbreviator.abbreviate(loggerName);
      lastLoggerName = loggerName;
    }
    return lastLoggerAbbreviation;
  }

  private void appendMessage(ILoggingEvent event) {
    String pattern = event.getMessage();
    Object[] arguments = event.getArgumentArray();
    if (pattern == null || !plainSubstitution(pattern, arguments)) {
      ControlCharacters.appendEscaped(line, event.getFormattedMessage());
      return;
    }
    int from = 0;
    if (arguments != null) {
      for (Object argument : arguments) {
        int at = pattern.indexOf("{}", from);
        if (at < 0) {
          break; // more arguments than placeholders: SLF4J ignores the rest
        }
        ControlCharacters.appendEscaped(line, pattern, from, at);
        ControlCharacters.appendEscaped(line, text(argument));
        from = at + 2;
      }
    }
    ControlCharacters.appendEscaped(line, pattern, from, pattern.length());
  }

  /** An argument as SLF4J writes it: a {@code toString()} that throws costs the argument, not the batch. */
  private static String text(Object argument) {
    try {
      return String.valueOf(argument);
    } catch (RuntimeException e) {
      return "[FAILED toString()]";
    }
  }

  /** Whether plain {@code {}} substitution writes what SLF4J's formatter would. */
  private static boolean plainSubstitution(String pattern, Object[] arguments) {
    if (pattern.indexOf('\\') >= 0) {
      return false; // SLF4J reads "\{}" as a literal "{}"
    }
    if (arguments != null) {
      for (Object argument : arguments) {
        if (argument != null && argument.getClass().isArray()) {
          return false; // SLF4J writes an array's elements, String.valueOf its identity
        }
      }
    }
    return true;
  }
}
