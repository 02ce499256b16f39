package io.cantonrunbooks.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.bench.soak.RunResult.Verdict;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault soak's fixed seeded subset, run by {@code mvn verify}: the first runs of seed 7, which
 * take every fault kind at least once (see {@link FaultSchedule}), through the production worker
 * against the testbed. Every run must complete with the correctness property, or fail cleanly; no
 * alarm. The full soak is {@code bench/run-soak}.
 */
class FaultSoakTest {

  static final int RUNS = 16;
  static final long SEED = FaultSoak.DEFAULT_SEED;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void a_seeded_subset_covering_every_fault_kind_has_no_violation_and_no_alarm() throws Exception {
    var options = new FaultSoak.Options(RUNS, SEED, 2, Duration.ofMinutes(3), 50);
    SoakReport report = FaultSoak.run(options, System.out, false);
    report.print(System.out);

    assertThat(report.runs()).isEqualTo(RUNS);
    assertThat(report.kindsNotExercised()).as("fault kinds no run exercised").isEmpty();
    assertThat(report.results()).filteredOn(r -> r.verdict() == Verdict.VIOLATION)
        .as("runs that violated the property").extracting(RunResult::line).isEmpty();
    assertThat(report.alarms()).as("testbed alarms").isZero();
    // Both classes occur: the retryable faults are survived, the non-retryable ones stop the run.
    assertThat(report.count(Verdict.COMPLETED)).isPositive();
    assertThat(report.count(Verdict.FAILED_CLEANLY)).isPositive();
  }
}
