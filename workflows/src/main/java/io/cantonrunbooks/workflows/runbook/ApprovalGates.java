package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.RunbookError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A runbook's named approval gates: which need approval under the input's policy, whether a
 * decision is allowed, and waiting for enough approvals with a timeout that fails safe.
 *
 * <p>A decision is allowed when the gate exists and is waiting now, the approver is on the
 * allow-list (or the list is empty), the approver has not decided at this gate already, and, under
 * four-eyes, the approver did not start the runbook.
 */
public final class ApprovalGates {

  private final RunbookState state;
  private final Steps steps;
  private final ApprovalPolicy policy;

  /**
   * @param defaultGates the gates that need approval when the policy does not list any
   */
  public ApprovalGates(
      RunbookState state, Steps steps, ApprovalPolicy policy, List<? extends RunbookGate> all, List<? extends RunbookGate> defaultGates) {
    this.state = state;
    this.steps = steps;
    this.policy = policy;
    List<String> required = policy.gates() != null
        ? policy.gates()
        : defaultGates.stream().map(RunbookGate::id).toList();
    for (RunbookGate gate : all) {
      state.addGate(new RunbookState.GateEntry(
          gate, required.contains(gate.id()), policy.requiredApprovals(), policy.approversOrEmpty()));
    }
  }

  /**
   * Waits at the gate until enough distinct approvers approve. Returns at once if the gate needs no
   * approval. Throws {@code GATE_REJECTED} on a rejection and {@code GATE_TIMED_OUT} when the
   * timeout passes first.
   */
  public void await(RunbookGate gate) {
    RunbookState.GateEntry entry = state.gate(gate.id());
    if (!entry.required) {
      return;
    }
    Duration timeout = policy.timeoutOf(gate.id());
    entry.state = GateState.WAITING;
    entry.waitingSince = RunbookState.now();
    entry.deadline = entry.waitingSince.plus(timeout);
    steps.waitingForApproval(gate.beforeStep());
    state.setWaiting(gate.id(), null);
    RunbookMetrics.gateWaiting(state.runbook(), gate.id());
    try {
      boolean decided = DurableWait.await(
          timeout,
          "wait up to " + timeout + " for approval at gate " + gate.id() + ", then fail safe",
          () -> entry.rejected() || entry.approvalsCount() >= entry.requiredApprovals);
      if (!decided) {
        entry.state = GateState.TIMED_OUT;
        throw RunbookError.GATE_TIMED_OUT.failure(
            "gate '" + gate.id() + "' timed out after " + timeout + " with " + entry.approvalsCount()
                + " of " + entry.requiredApprovals + " approvals");
      }
      if (entry.rejected()) {
        entry.state = GateState.REJECTED;
        ApprovalRecord rejection = entry.approvals.stream()
            .filter(a -> a.decision() == Decision.REJECT).findFirst().orElseThrow();
        throw RunbookError.GATE_REJECTED.failure(
            "gate '" + gate.id() + "' rejected by " + rejection.approver()
                + (rejection.comment() == null || rejection.comment().isBlank() ? "" : ": " + rejection.comment()));
      }
      entry.state = GateState.APPROVED;
    } finally {
      if (entry.state == GateState.WAITING) {
        entry.state = GateState.ABANDONED;
      }
      RunbookMetrics.gateDecided(
          state.runbook(), gate.id(), entry.state, Duration.between(entry.waitingSince, RunbookState.now()));
      state.setWaiting(null, null);
    }
  }

  /**
   * Checks a decision without changing anything; throws {@link IllegalArgumentException} naming
   * what is wrong. Used by update validators, so a refused decision leaves no trace in history.
   */
  public void validate(GateDecision decision, Decision kind) {
    Objects.requireNonNull(kind);
    if (decision == null) {
      throw new IllegalArgumentException("decision: expected {\"gate\": …, \"approver\": …}");
    }
    if (decision.gate() == null || decision.gate().isBlank()) {
      throw new IllegalArgumentException("gate: expected one of " + state.gateIds());
    }
    RunbookState.GateEntry entry = state.gate(decision.gate());
    if (entry == null) {
      throw new IllegalArgumentException("gate: unknown gate '" + decision.gate() + "', expected one of " + state.gateIds());
    }
    if (state.outcome() != Outcome.RUNNING) {
      throw new IllegalArgumentException("the runbook has ended (" + state.outcome() + "); gate '" + decision.gate() + "' takes no decisions");
    }
    if (entry.state != GateState.WAITING) {
      throw new IllegalArgumentException("gate '" + decision.gate() + "' is not waiting for approval (it is " + entry.state + ")");
    }
    String approver = decision.approver();
    if (approver == null || approver.isBlank()) {
      throw new IllegalArgumentException("approver: expected the name of the person deciding");
    }
    if (!entry.allowedApprovers.isEmpty() && !entry.allowedApprovers.contains(approver)) {
      throw new IllegalArgumentException("approver '" + approver + "' may not decide at gate '" + decision.gate()
          + "'; allowed: " + entry.allowedApprovers);
    }
    if (!policy.starterMayApproveOrDefault() && approver.equals(policy.startedBy())) {
      throw new IllegalArgumentException("approver '" + approver
          + "' started this runbook and may not approve it (four-eyes: starterMayApprove is false)");
    }
    if (entry.approvals.stream().anyMatch(a -> a.approver().equals(approver))) {
      throw new IllegalArgumentException("approver '" + approver + "' has already decided at gate '" + decision.gate() + "'");
    }
  }

  /** Records a decision that passed {@link #validate}. */
  public GateView decide(GateDecision decision, Decision kind, String via) {
    RunbookState.GateEntry entry = state.gate(decision.gate());
    entry.approvals.add(new ApprovalRecord(
        decision.gate(), decision.approver(), kind, decision.comment(), RunbookState.now(), via));
    state.publish();
    return entry.view();
  }

  /** Handles a decision that arrived as a signal: validates it, records it or records the refusal. */
  public void decideFromSignal(GateDecision decision, Decision kind) {
    try {
      validate(decision, kind);
    } catch (IllegalArgumentException refused) {
      state.refuse(new RefusedDecision(
          decision == null ? null : decision.gate(),
          decision == null ? null : decision.approver(),
          kind,
          refused.getMessage(),
          RunbookState.now()));
      state.publish();
      return;
    }
    decide(decision, kind, "signal");
  }
}
