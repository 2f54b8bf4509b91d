package io.eventgate.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The access log's appender: every line written, in order, by a clean stop; a writer that has fallen behind
 * never holds up the thread that logs — its lines are dropped and counted instead.
 */
class BatchingConsoleAppenderTest {

  @Test
  void everyLineIsWrittenInOrderByTheTimeItStops() {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    BatchingConsoleAppender appender = appender(context, new PrintStream(written, true), 20_000);
    Logger logger = logger(context, appender);
    long droppedBefore = BatchingConsoleAppender.dropped();
    for (int i = 0; i < 10_000; i++) {
      logger.info("line {} of {}", i, "10000");
    }
    appender.stop();

    String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(10_000);
    for (int i = 0; i < lines.length; i++) {
      assertThat(lines[i]).isEqualTo("line " + i + " of 10000");
    }
    assertThat(BatchingConsoleAppender.dropped()).isEqualTo(droppedBefore);
    logger.info("after the stop");
    assertThat(written.toString(StandardCharsets.UTF_8)).doesNotContain("after the stop");
  }

  @Test
  void aWriterThatFallsBehindDropsAndCountsLinesAndNeverHoldsUpTheCaller() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    // Standard output that blocks until released: a terminal that stopped reading, a full pipe.
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.write(bytes, offset, length);
      }
    };
    LoggerContext context = new LoggerContext();
    BatchingConsoleAppender appender = appender(context, new PrintStream(stuck, false), 16);
    Logger logger = logger(context, appender);
    long droppedBefore = BatchingConsoleAppender.dropped();

    // Every call returns while the writer is stuck: the loop ending is the proof that nothing waited.
    for (int i = 0; i < 1_000; i++) {
      logger.info("line {}", i);
    }
    long dropped = BatchingConsoleAppender.dropped() - droppedBefore;
    // Not dropped, at most: the stuck writer's batch (the line it waited for, then a full queue drained after
    // it, refilled meanwhile) and a full queue waiting; the rest dropped.
    assertThat(dropped).isGreaterThanOrEqualTo(1_000 - (1 + 16 + 16));

    released.countDown();
    appender.stop();
    long lines = written.toString(StandardCharsets.UTF_8).lines().count();
    assertThat(lines + dropped).isEqualTo(1_000);
  }

  private static BatchingConsoleAppender appender(LoggerContext context, PrintStream out, int queueSize) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BatchingConsoleAppender appender = new BatchingConsoleAppender();
    appender.setContext(context);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setQueueSize(queueSize);
    appender.setOut(out);
    appender.start();
    return appender;
  }

  private static Logger logger(LoggerContext context, BatchingConsoleAppender appender) {
    Logger logger = context.getLogger("test.access");
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }
}
