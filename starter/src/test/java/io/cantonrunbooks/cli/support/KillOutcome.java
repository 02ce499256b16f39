package io.cantonrunbooks.cli.support;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One row of the crash table: where the run was struck, what was in flight, how long recovery took
 * and whether the correctness property held afterwards.
 *
 * @param killedAfter from the start of the run to the strike
 * @param interruptedStep the step running at the strike, or the next one when between steps
 * @param inFlight the activities Temporal had handed out at the strike
 * @param workerUp from the strike until the new worker polled (worker kills only)
 * @param resumed from the strike until a live worker started a task of the run again
 * @param stepDone from the strike until the interrupted step ended
 * @param runTime the whole run, start to result
 * @param contracts the party's active contracts on source and target at the end ("12 = 12")
 * @param alarms testbed alarms raised by the run's nodes during the run
 * @param problems why the run is wrong; empty when the correctness property holds
 */
public record KillOutcome(
    int number,
    String lane,
    KillPoint point,
    Duration killedAfter,
    String interruptedStep,
    String inFlight,
    Optional<Duration> workerUp,
    Optional<Duration> resumed,
    Optional<Duration> stepDone,
    Duration runTime,
    String contracts,
    List<String> alarms,
    List<String> problems) {

  /** A run that could not be carried out at all, for instance because a call to a node failed. */
  public static KillOutcome broken(int number, String lane, KillPoint point, Throwable why) {
    return new KillOutcome(number, lane, point, Duration.ZERO, "-", "-", Optional.empty(), Optional.empty(),
        Optional.empty(), Duration.ZERO, "-", List.of(), List.of("the run broke off: " + why));
  }

  public boolean ok() {
    return problems.isEmpty() && alarms.isEmpty();
  }

  private static final String ROW = "%-3s %-32s %-6s %-25s %-6s %-8s %-8s %-7s %-9s %-6s %-7s %s%n";

  /** The table, one row per run, followed by every problem in full. */
  public static String table(List<KillOutcome> outcomes) {
    StringBuilder out = new StringBuilder(header());
    outcomes.forEach(o -> out.append(o.row()));
    outcomes.stream().filter(o -> !o.ok()).forEach(o -> out.append('\n').append(o.why()));
    return out.toString();
  }

  public static String header() {
    return String.format(Locale.ROOT, ROW, "#", "kill point", "at", "interrupted step", "up", "resumed", "step ok",
        "run", "contracts", "alarms", "outcome", "in flight at the strike");
  }

  /** This run as a row of the table. */
  public String row() {
    return String.format(Locale.ROOT, ROW, number, point.name(), seconds(killedAfter), interruptedStep,
        workerUp.map(KillOutcome::seconds).orElse("-"), resumed.map(KillOutcome::seconds).orElse("?"),
        stepDone.map(KillOutcome::seconds).orElse("?"), seconds(runTime), contracts, alarms.size(),
        ok() ? "ok" : "FAILED", inFlight);
  }

  /** Every problem and alarm of this run, one a line. */
  public String why() {
    StringBuilder out = new StringBuilder("#" + number + " " + point.name() + " (" + lane + "):\n");
    problems.forEach(p -> out.append("  problem: ").append(p).append('\n'));
    alarms.forEach(a -> out.append("  alarm: ").append(a).append('\n'));
    return out.toString();
  }

  /** Recovery figures over the runs that measured them: count, median, 90th percentile and worst. */
  public static String recoverySummary(List<KillOutcome> outcomes) {
    return "worker up " + spread(outcomes.stream().flatMap(o -> o.workerUp.stream()).toList())
        + "; resumed " + spread(outcomes.stream().flatMap(o -> o.resumed.stream()).toList())
        + "; interrupted step ended " + spread(outcomes.stream().flatMap(o -> o.stepDone.stream()).toList());
  }

  private static String spread(List<Duration> values) {
    if (values.isEmpty()) {
      return "n/a";
    }
    List<Duration> sorted = values.stream().sorted().toList();
    return "n=" + sorted.size() + " median " + seconds(sorted.get(sorted.size() / 2))
        + " p90 " + seconds(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)))
        + " max " + seconds(sorted.get(sorted.size() - 1));
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
