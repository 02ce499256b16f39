package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.bench.soak.RunResult.Verdict;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The soak's results: one row per fault kind and the totals. */
final class SoakReport {

  private final long seed;
  private final List<RunResult> results;
  private final Duration wallTime;

  SoakReport(long seed, List<RunResult> results, Duration wallTime) {
    this.seed = seed;
    this.results = results.stream().sorted(Comparator.comparingInt(r -> r.plan().index())).toList();
    this.wallTime = wallTime;
  }

  List<RunResult> results() {
    return results;
  }

  long runs() {
    return results.size();
  }

  long count(Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }

  long violations() {
    return count(Verdict.VIOLATION);
  }

  long alarms() {
    return results.stream().mapToLong(r -> r.alarms().size()).sum();
  }

  Duration wallTime() {
    return wallTime;
  }

  /** The kinds no run exercised with its fault taking effect. */
  List<FaultKind> kindsNotExercised() {
    List<FaultKind> missing = new ArrayList<>();
    for (FaultKind kind : FaultKind.values()) {
      boolean exercised = results.stream()
          .anyMatch(r -> r.plan().kind() == kind && (kind == FaultKind.NONE || r.faultFired() > 0 || kind == FaultKind.GATE_TIMEOUT));
      if (!exercised) {
        missing.add(kind);
      }
    }
    return missing;
  }

  boolean passed() {
    return violations() == 0 && alarms() == 0;
  }

  void print(PrintStream out) {
    out.println();
    out.printf("Fault soak, seed %d: %d runs in %s%n%n", seed, runs(), minutes(wallTime));
    out.println("| fault | runs | completed | failed cleanly | violations | alarms | target left isolated, then resumed | mean s | max s |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (FaultKind kind : FaultKind.values()) {
      List<RunResult> rows = results.stream().filter(r -> r.plan().kind() == kind).toList();
      if (!rows.isEmpty()) {
        row(out, kind.label, rows);
      }
    }
    row(out, "**total**", results);
    out.println();
    out.printf("runs %d, completed %d, failed cleanly %d, property violations %d, alarms %d%n",
        runs(), count(Verdict.COMPLETED), count(Verdict.FAILED_CLEANLY), violations(), alarms());
    if (!kindsNotExercised().isEmpty()) {
      out.println("fault kinds not exercised: " + kindsNotExercised());
    }
  }

  private static void row(PrintStream out, String label, List<RunResult> rows) {
    long isolated = rows.stream().filter(RunResult::leftIsolated).count();
    long resumed = rows.stream().filter(r -> Boolean.TRUE.equals(r.resumed())).count();
    double mean = rows.stream().mapToLong(r -> r.elapsed().toMillis()).average().orElse(0) / 1000.0;
    double max = rows.stream().mapToLong(r -> r.elapsed().toMillis()).max().orElse(0) / 1000.0;
    out.printf("| %s | %d | %d | %d | %d | %d | %s | %.1f | %.1f |%n", label, rows.size(),
        rows.stream().filter(r -> r.verdict() == Verdict.COMPLETED).count(),
        rows.stream().filter(r -> r.verdict() == Verdict.FAILED_CLEANLY).count(),
        rows.stream().filter(r -> r.verdict() == Verdict.VIOLATION).count(),
        rows.stream().mapToLong(r -> r.alarms().size()).sum(),
        isolated == 0 ? "–" : isolated + ", " + resumed, mean, max);
  }

  private static String minutes(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
  }
}
