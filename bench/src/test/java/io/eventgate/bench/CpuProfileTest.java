package io.eventgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfileTest {

  @TempDir
  Path dir;

  /** Spins on the CPU until {@code end}, in Java code of this class only. */
  private static Thread spinning(String name, Instant end) {
    Thread thread = new Thread(() -> {
      double x = 0;
      while (Instant.now().isBefore(end)) {
        for (int i = 0; i < 10_000; i++) {
          x += Math.sqrt(i + x % 7);
        }
      }
      if (x == 42) {
        System.out.println(x); // keeps the loop from being optimised away
      }
    }, name);
    thread.start();
    return thread;
  }

  @Test
  void theAccessLogsShareIsItsWritersSamplesAmongAllTakenInTheWindows() throws Exception {
    Path file = dir.resolve("samples.jfr");
    Instant start;
    Instant end;
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      start = Instant.now();
      end = start.plusMillis(1_500);
      Thread writer = spinning("eventgate-log-ACCESS", end);
      Thread loop = spinning("vert.x-eventloop-thread-0", end);
      writer.join();
      loop.join();
      recording.stop();
      recording.dump(file);
    }

    CpuProfile.Shares shares = CpuProfile.read(file, List.of(new CpuProfile.Window(start, end)));
    assertThat(shares.samples()).isGreaterThan(20);
    // Two threads spinning alike: the writer's half of the samples, give or take the sampler's luck.
    assertThat(shares.accessLogShare()).isBetween(0.25, 0.75);
    assertThat(shares.metrics()).isZero();
    assertThat(shares.tracing()).isZero();

    CpuProfile.Shares before = CpuProfile.read(file,
        List.of(new CpuProfile.Window(start.minusSeconds(60), start.minusSeconds(30))));
    assertThat(before.samples()).isZero();
    assertThat(before.accessLogShare()).isNaN();
  }
}
