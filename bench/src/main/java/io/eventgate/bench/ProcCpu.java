package io.eventgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * CPU time read from Linux's {@code /proc}, in clock ticks ({@link #TICK_MICROS} µs each): of one process,
 * of a PostgreSQL server (the postmaster and every backend), of this process's finished children (wrk and
 * pgbench, waited for by the time their run returns), and of the whole machine. The benchmark takes each
 * before and after a round; the difference divided by the round's requests is the CPU one request cost.
 */
final class ProcCpu {

  /** USER_HZ: 100 on every Linux this runs on (the kernel exports ticks in it whatever its own HZ is). */
  static final long TICK_MICROS = 10_000;

  private ProcCpu() {
  }

  static boolean available() {
    return Files.isReadable(Path.of("/proc/stat"));
  }

  /** user + system ticks of {@code pid} (and, with {@code children}, of its children waited for). */
  static OptionalLong process(long pid, boolean children) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
      // The command name, in parentheses, may hold spaces: fields are counted after its closing one.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (children) {
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return OptionalLong.of(ticks);
    } catch (IOException | RuntimeException gone) {
      return OptionalLong.empty();
    }
  }

  /** This JVM's children that have finished and been waited for: wrk's and pgbench's CPU. */
  static long finishedChildren() {
    OptionalLong all = process(ProcessHandle.current().pid(), true);
    OptionalLong own = process(ProcessHandle.current().pid(), false);
    return all.isPresent() && own.isPresent() ? all.getAsLong() - own.getAsLong() : 0;
  }

  /**
   * The PostgreSQL server listening on {@code port} on this machine: its postmaster, every live child
   * (backends, checkpointer, writers) and the children it has already reaped (backends of closed
   * connections), so that a backend ending within a round still counts. Empty when not found here.
   */
  static OptionalLong postgres(int port) {
    OptionalLong postmaster = postmaster(port);
    if (postmaster.isEmpty()) {
      return OptionalLong.empty();
    }
    long pid = postmaster.getAsLong();
    long ticks = process(pid, true).orElse(0);
    for (long child : children(pid)) {
      ticks += process(child, false).orElse(0);
    }
    return OptionalLong.of(ticks);
  }

  /** Busy ticks of the whole machine (user, nice, system, irq, softirq; not idle, iowait or steal). */
  static long machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
          + Long.parseLong(f[7]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static OptionalLong postmaster(int port) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .filter(p -> {
          List<String> args = p.info().arguments().map(List::of).orElse(List.of());
          int flag = args.indexOf("-p");
          return flag >= 0 && flag + 1 < args.size() && args.get(flag + 1).equals(String.valueOf(port));
        })
        .mapToLong(ProcessHandle::pid)
        .findFirst();
  }

  private static List<Long> children(long pid) {
    List<Long> children = new ArrayList<>();
    ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(c -> children.add(c.pid())));
    return children;
  }
}
