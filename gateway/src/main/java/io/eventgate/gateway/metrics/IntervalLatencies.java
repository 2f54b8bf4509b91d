package io.eventgate.gateway.metrics;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The latencies of one interval, as counts per bucket of a timer's histogram: the difference of two
 * snapshots of its cumulative counts. A timer's histogram counts since the process started (Prometheus
 * reads it that way), so the difference is what was recorded in between, and a percentile of it is the
 * interval's own, not one since start.
 *
 * <p>Percentiles are estimated as Prometheus's {@code histogram_quantile} estimates them from the same
 * buckets — linear interpolation inside the bucket that holds the rank — so the traffic view and a
 * dashboard built on {@code /metrics} agree.
 */
final class IntervalLatencies {

  /**
   * One timer's histogram at one instant.
   *
   * @param boundsMs   the buckets' upper bounds, ascending, in milliseconds
   * @param atOrBelow  per bound, how many latencies were at most that bound
   * @param total      how many latencies in all, those above the last bound included
   */
  record Cumulative(double[] boundsMs, long[] atOrBelow, long total) {

    static Cumulative of(HistogramSnapshot snapshot) {
      CountAtBucket[] buckets = snapshot.histogramCounts();
      double[] bounds = new double[buckets.length];
      long[] counts = new long[buckets.length];
      for (int i = 0; i < buckets.length; i++) {
        bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
        counts[i] = (long) buckets[i].count();
      }
      return new Cumulative(bounds, counts, snapshot.count());
    }

    /** Before a timer's first snapshot: nothing counted yet. */
    static Cumulative none(double[] boundsMs) {
      return new Cumulative(boundsMs, new long[boundsMs.length], 0);
    }
  }

  private final double[] boundsMs;
  /** Per bucket, the latencies of the interval that fell in it; the last slot holds those above every bound. */
  private final long[] counts;

  private IntervalLatencies(double[] boundsMs, long[] counts) {
    this.boundsMs = boundsMs;
    this.counts = counts;
  }

  /** Nothing recorded, over these bounds. */
  static IntervalLatencies empty(double[] boundsMs) {
    return new IntervalLatencies(boundsMs, new long[boundsMs.length + 1]);
  }

  /**
   * What was recorded between two snapshots of the same timer. A snapshot is not atomic — a latency being
   * recorded may be in its total and not yet in its buckets — so a count that would come out negative is
   * taken as zero; the latency shows in the next interval instead.
   */
  static IntervalLatencies between(Cumulative before, Cumulative after) {
    if (!Arrays.equals(before.boundsMs(), after.boundsMs())) {
      throw new IllegalArgumentException("the snapshots have different buckets");
    }
    int n = after.boundsMs().length;
    long[] counts = new long[n + 1];
    long belowPrevious = 0;
    for (int i = 0; i < n; i++) {
      long atOrBelow = Math.max(belowPrevious, after.atOrBelow()[i] - before.atOrBelow()[i]);
      counts[i] = atOrBelow - belowPrevious;
      belowPrevious = atOrBelow;
    }
    counts[n] = Math.max(0, (after.total() - before.total()) - belowPrevious);
    return new IntervalLatencies(after.boundsMs(), counts);
  }

  /** Adds another interval's latencies over the same buckets (another status of a route, another route). */
  void add(IntervalLatencies other) {
    if (!Arrays.equals(boundsMs, other.boundsMs)) {
      throw new IllegalArgumentException("the latencies have different buckets");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  double[] boundsMs() {
    return boundsMs;
  }

  long count() {
    long sum = 0;
    for (long count : counts) {
      sum += count;
    }
    return sum;
  }

  /**
   * The latency below which the share {@code q} of the interval's latencies fall, in milliseconds, or
   * {@code null} when nothing was recorded. Above the last bound nothing is known but that bound, so a rank
   * that lands there answers the last bound (as {@code histogram_quantile} does).
   */
  Double percentileMs(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("q must be between 0 and 1");
    }
    long total = count();
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < boundsMs.length; i++) {
      long inBucket = counts[i];
      if (inBucket > 0 && below + inBucket >= rank) {
        double lower = i == 0 ? 0 : boundsMs[i - 1];
        return lower + (boundsMs[i] - lower) * (rank - below) / inBucket;
      }
      below += inBucket;
    }
    return boundsMs.length == 0 ? null : boundsMs[boundsMs.length - 1];
  }
}
