package io.cantonrunbooks.workflows.runbook;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Every metric recorded on the workflow side, in one place. Each goes to {@link
 * Workflow#getMetricsScope()}, which the SDK silences while a workflow replays, so a worker that
 * takes over a running runbook does not count its past steps again; never to a registry of our
 * own. The SDK has already tagged the scope with {@code workflow_type}, {@code task_queue} and
 * {@code namespace}.
 *
 * <p>Labels are bounded by design: runbook, gate, outcome and decision names, never a workflow id
 * or a party (ids grow without bound, and party ids do not belong on a metrics endpoint). Names
 * are tally names; Prometheus sees {@code _total} on counters and {@code _seconds} on timers. The
 * operator's list is docs/metrics.md.
 */
public final class RunbookMetrics {

  /** Runbooks that began, by {@code runbook}. */
  public static final String RUNBOOK_STARTED = "runbook_started";
  /** How long runbooks took from start to end, by {@code runbook} and {@code outcome}. */
  public static final String RUNBOOK_DURATION = "runbook_duration";
  /** Waits at an approval gate that began, by {@code runbook} and {@code gate}. */
  public static final String GATE_WAITS = "runbook_gate_waits";
  /** How long a gate waited until it was decided, by {@code runbook}, {@code gate} and {@code decision}. */
  public static final String GATE_WAIT = "runbook_gate_wait";

  private RunbookMetrics() {}

  static void started(String runbook) {
    scope(Map.of("runbook", runbook)).counter(RUNBOOK_STARTED).inc(1);
  }

  static void ended(String runbook, Outcome outcome, Duration took) {
    scope(Map.of("runbook", runbook, "outcome", label(outcome.name())))
        .timer(RUNBOOK_DURATION)
        .record(tally(took));
  }

  static void gateWaiting(String runbook, String gate) {
    scope(Map.of("runbook", runbook, "gate", gate)).counter(GATE_WAITS).inc(1);
  }

  /**
   * @param decision how the wait ended: {@code approved}, {@code rejected}, {@code timed_out}, or
   *     {@code abandoned} (the runbook ended another way while the gate waited)
   */
  static void gateDecided(String runbook, String gate, GateState decision, Duration waited) {
    scope(Map.of("runbook", runbook, "gate", gate, "decision", label(decision.name())))
        .timer(GATE_WAIT)
        .record(tally(waited));
  }

  private static Scope scope(Map<String, String> tags) {
    return Workflow.getMetricsScope().tagged(tags);
  }

  private static String label(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }

  private static com.uber.m3.util.Duration tally(Duration d) {
    return com.uber.m3.util.Duration.ofNanos(d.toNanos());
  }
}
