package io.eventgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.eventgate.gateway.metrics.IntervalLatencies.Cumulative;
import org.junit.jupiter.api.Test;

/** The interval's percentile from two snapshots of a cumulative histogram: the arithmetic alone. */
class IntervalLatenciesTest {

  private static final double[] BOUNDS = {10, 20, 40, 80};

  @Test
  void onlyWhatWasRecordedBetweenTheSnapshotsCounts() {
    // Before: 10000 fast answers (at most 10 ms). In between: 100 answers from 20 to 40 ms.
    Cumulative before = new Cumulative(BOUNDS, new long[] {10_000, 10_000, 10_000, 10_000}, 10_000);
    Cumulative after = new Cumulative(BOUNDS, new long[] {10_000, 10_000, 10_100, 10_100}, 10_100);
    IntervalLatencies interval = IntervalLatencies.between(before, after);

    assertThat(interval.count()).isEqualTo(100);
    // Rank 99 of 100, all in (20, 40]: 20 + 20 * 99/100, as histogram_quantile interpolates.
    assertThat(interval.percentileMs(0.99)).isCloseTo(39.8, within(1e-9));
    // Since start, the slow answers would hide below the 99th percentile.
    assertThat(IntervalLatencies.between(Cumulative.none(BOUNDS), after).percentileMs(0.99)).isLessThan(10.0);
  }

  @Test
  void theRankIsFoundAcrossBuckets() {
    Cumulative after = new Cumulative(BOUNDS, new long[] {50, 90, 99, 100}, 100);
    IntervalLatencies interval = IntervalLatencies.between(Cumulative.none(BOUNDS), after);

    assertThat(interval.percentileMs(0.5)).isCloseTo(10.0, within(1e-9));   // the 50th is the first bucket's last
    assertThat(interval.percentileMs(0.9)).isCloseTo(20.0, within(1e-9));
    assertThat(interval.percentileMs(0.99)).isCloseTo(40.0, within(1e-9));
    assertThat(interval.percentileMs(0.995)).isCloseTo(40 + 40 * 0.5, within(1e-9));
    assertThat(interval.percentileMs(0.0)).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void aRankAboveEveryBoundAnswersTheLastBound() {
    Cumulative after = new Cumulative(BOUNDS, new long[] {0, 0, 0, 1}, 10);
    assertThat(IntervalLatencies.between(Cumulative.none(BOUNDS), after).percentileMs(0.99)).isEqualTo(80.0);
  }

  @Test
  void nothingRecordedHasNoPercentile() {
    Cumulative same = new Cumulative(BOUNDS, new long[] {3, 4, 5, 6}, 7);
    IntervalLatencies interval = IntervalLatencies.between(same, same);
    assertThat(interval.count()).isZero();
    assertThat(interval.percentileMs(0.99)).isNull();
  }

  @Test
  void aSnapshotTakenMidRecordingNeverGivesANegativeCount() {
    // The total moved on, the buckets not yet (or the other way round): the interval counts what it can see.
    Cumulative before = new Cumulative(BOUNDS, new long[] {5, 5, 5, 5}, 5);
    Cumulative totalAhead = new Cumulative(BOUNDS, new long[] {5, 5, 5, 5}, 6);
    assertThat(IntervalLatencies.between(before, totalAhead).count()).isEqualTo(1);
    Cumulative bucketsAhead = new Cumulative(BOUNDS, new long[] {6, 6, 6, 6}, 5);
    IntervalLatencies interval = IntervalLatencies.between(before, bucketsAhead);
    assertThat(interval.count()).isEqualTo(1);
    assertThat(interval.percentileMs(0.99)).isBetween(0.0, 10.0);
  }

  @Test
  void intervalsOfSeveralTimersAddUp() {
    IntervalLatencies fast = IntervalLatencies.between(Cumulative.none(BOUNDS),
        new Cumulative(BOUNDS, new long[] {99, 99, 99, 99}, 99));
    IntervalLatencies slow = IntervalLatencies.between(Cumulative.none(BOUNDS),
        new Cumulative(BOUNDS, new long[] {0, 0, 0, 1}, 1));
    IntervalLatencies both = IntervalLatencies.empty(BOUNDS);
    both.add(fast);
    both.add(slow);

    assertThat(both.count()).isEqualTo(100);
    assertThat(both.percentileMs(0.99)).isCloseTo(10.0, within(1e-9));
    assertThat(both.percentileMs(1.0)).isCloseTo(80.0, within(1e-9));
    assertThat(fast.count()).as("adding leaves the parts alone").isEqualTo(99);
  }

  @Test
  void differentBucketsAreNotMixed() {
    Cumulative other = Cumulative.none(new double[] {10, 20});
    assertThatThrownBy(() -> IntervalLatencies.between(Cumulative.none(BOUNDS), other))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntervalLatencies.empty(BOUNDS).add(IntervalLatencies.empty(new double[] {1})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
