package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.workflows.runbook.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one soak run ended and what the checks found.
 *
 * @param outcome the runbook's outcome, null when it gave none (a hang, or a failure without a report)
 * @param violations every way the run broke the property or left the nodes other than the report says
 * @param alarms testbed alarms raised during the run (each also a violation)
 * @param faultFired how often the injected fault took effect
 * @param leftIsolated whether the report said it left the target isolated on purpose
 * @param calls the calls the source and the target served during the run (the first attempt), per RPC
 * @param resumed for a run that left the target isolated: whether starting the runbook again, as the
 *     report says, completed it correctly; null when there was nothing to resume
 */
record RunResult(
    RunPlan plan,
    Verdict verdict,
    Outcome outcome,
    String failureType,
    String failureMessage,
    List<String> violations,
    List<Alarm> alarms,
    int faultFired,
    boolean leftIsolated,
    Boolean resumed,
    Duration elapsed,
    Map<String, Map<String, Integer>> calls) {

  /** The class of a run. */
  enum Verdict {
    COMPLETED,
    FAILED_CLEANLY,
    VIOLATION
  }

  /** One line for the run log. */
  String line() {
    StringBuilder b = new StringBuilder(String.format("run %3d  %-32s %-15s %5.1fs  %s  [%s → %s]",
        plan.index(), plan.kind().label, verdict, elapsed.toMillis() / 1000.0, plan.describeFault(),
        plan.source(), plan.target()));
    if (outcome != null && outcome != Outcome.SUCCEEDED) {
      b.append("\n         ").append(outcome).append(' ').append(failureType).append(": ").append(abbreviate(failureMessage));
    }
    if (resumed != null) {
      b.append("\n         target left isolated on purpose; started again: ").append(resumed ? "completed" : "did not complete");
    }
    for (String v : violations) {
      b.append("\n         VIOLATION: ").append(v);
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "(no message)";
    }
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
