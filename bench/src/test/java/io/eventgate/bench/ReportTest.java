package io.eventgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

  private static final Report.Cpu CPU = new Report.Cpu(30, 100, 120, 300);

  private static Wrk.Result wrk(double throughput) {
    return new Wrk.Result(Math.round(throughput * 10), 10, 1000, 5000, 9000, 0, 0, 0, 0, 0);
  }

  private static void add(Report report, String variant, int round, double throughput) {
    report.add(new Report.Measurement(64, variant, round, wrk(throughput), CPU, 100, 0, Double.NaN));
  }

  @Test
  void aRatioIsTheMedianOfPerRoundRatiosWithTheirRangeAndEachTargetHasAVerdict() {
    Report report = new Report(true, 20_000);
    // The machine's speed drifts from round to round; the gateway is 1.3x the baseline in rounds 1 and 3,
    // 1.1x in round 2.
    double[] baseline = {5_000, 8_000, 6_000};
    double[] gateway = {6_500, 8_800, 7_800};
    for (int round = 1; round <= 3; round++) {
      add(report, Variant.BASELINE, round, baseline[round - 1]);
      add(report, Variant.BASELINE_AA, round, baseline[round - 1]);
      add(report, Variant.ALL_IN_ONE, round, gateway[round - 1]);
      add(report, Variant.PGBENCH, round, baseline[round - 1] * 2);
    }
    String table = report.table("## test");
    assertThat(table).contains("| 64 | **all-in-one, shipped defaults** | 7,800 | 1.30 (1.10–1.30) |");
    assertThat(table).contains("noise floor (A/A: two identical baseline JVMs): 1.00 (1.00–1.00)");
    assertThat(table).contains("all-in-one (shipped defaults) ≥ 1.2× the competent baseline: met (1.30; per round"
        + " 1.10–1.30)");
    // 0.65 in rounds 1 and 3, 0.55 in round 2: the median meets 0.6 though one round does not.
    assertThat(table).contains("all-in-one (shipped defaults) ≥ 0.6× pgbench of the read's SQL: met (0.65; per round"
        + " 0.55–0.65)");
    assertThat(table).contains("zero errors (non-2xx, wrong envelope, wrong id or view keys, socket): met");
  }

  @Test
  void aWrongAnswerSampledUnderLoadIsAnError() {
    Report report = new Report(false, 500);
    report.add(new Report.Measurement(16, Variant.BASELINE, 1, wrk(1_000), CPU, 150, 0, Double.NaN));
    report.add(new Report.Measurement(16, Variant.ALL_IN_ONE, 1, wrk(900), CPU, 150, 2, Double.NaN));
    assertThat(report.errors()).isEqualTo(2);
    String table = report.table("## smoke");
    assertThat(table).contains("speed targets: not judged in a smoke run");
    assertThat(table).contains("zero errors (non-2xx, wrong envelope, wrong id or view keys, socket): NOT met (2)");
  }
}
