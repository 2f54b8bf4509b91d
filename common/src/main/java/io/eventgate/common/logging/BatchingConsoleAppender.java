package io.eventgate.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes lines to standard output from a thread of its own, as many as are waiting in one write: the thread
 * that logs (an event loop, for the access log) only puts the event in a bounded queue, never formats,
 * encodes, locks a stream or waits for the terminal or the pipe. When the queue is full — the writer has
 * fallen behind — the line is dropped and counted ({@link #dropped()}, exported as a metric), never waited
 * for. {@link #stop()} writes every line still queued, so a clean shutdown loses none.
 *
 * <p>For loggers whose arguments are immutable values (strings, numbers), as the access log's are: the message
 * is formatted on the writer's thread, after the call returned.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** Lines dropped by every instance in this JVM since it started. */
  private static final AtomicLong DROPPED = new AtomicLong();
  /** The most lines one write takes: a bound on the batch's buffer. */
  private static final int MAX_BATCH = 1024;
  private static final long POLL_MS = 200;
  /** How long lines may wait to be written together: unnoticeable to a reader, many lines per write. */
  private static final long GATHER_MS = 50;

  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8192;
  private long maxFlushMillis = 5_000;
  private PrintStream out = System.out;
  private BlockingQueue<ILoggingEvent> queue;
  private Thread writer;
  private volatile boolean stopping;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  Encoder<ILoggingEvent> encoder() {
    return encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  /** How long {@link #stop()} waits for the queue to be written. */
  public void setMaxFlushMillis(long maxFlushMillis) {
    this.maxFlushMillis = maxFlushMillis;
  }

  /** Where the lines go; standard output unless a test says otherwise. */
  void setOut(PrintStream out) {
    this.out = out;
  }

  /** Lines dropped because the writer had fallen behind, by every instance in this JVM. */
  public static long dropped() {
    return DROPPED.get();
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for " + name);
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    stopping = false;
    writer = new Thread(this::write, "eventgate-log-" + name);
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // Only what cannot be read later from another thread; the message is formatted by the writer.
    event.getThreadName();
    if (!queue.offer(event)) {
      DROPPED.incrementAndGet();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    stopping = true;
    writer.interrupt();
    try {
      writer.join(maxFlushMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      addWarn(queue.size() + " lines of " + name + " were not written within " + maxFlushMillis + " ms");
    }
  }

  private void write() {
    List<ILoggingEvent> batch = new ArrayList<>(MAX_BATCH);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    while (true) {
      try {
        ILoggingEvent first = stopping ? queue.poll() : queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return; // nothing queued and nothing more will be: every line is written
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        for (ILoggingEvent event : batch) {
          bytes.write(encoder.encode(event));
        }
        out.write(bytes.toByteArray());
        out.flush();
        if (batch.size() < MAX_BATCH && !stopping) {
          // Let lines gather, so that one write carries many: a write per line would cost a request as
          // much CPU as writing it on the event loop did.
          Thread.sleep(GATHER_MS);
        }
      } catch (InterruptedException e) {
        // stop() cuts a wait short; what is queued is still written, to the end
      } catch (IOException | RuntimeException e) {
        addError("lines of " + name + " could not be written", e);
      } finally {
        batch.clear();
        bytes.reset();
      }
    }
  }
}
