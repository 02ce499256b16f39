package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * The handlers every runbook offers: approvals as updates (rejected synchronously when not
 * allowed) and as signals (for the Temporal UI), abort, and the status and report queries. Each
 * runbook's workflow interface extends this one.
 */
public interface RunbookControl {

  @UpdateMethod(
      name = "approve",
      description =
          "Approve a waiting gate: {\"gate\": \"before-acs-import\", \"approver\": \"alice\", \"comment\": \"…\"}."
              + " Refused at once if the approver is not allowed, already approved, is the starter under"
              + " four-eyes, or the gate is not waiting. With approver keys in the policy the decision must"
              + " be signed: paste what `runbook approve ID --gate G --key FILE --print-only` prints.")
  GateView approve(GateDecision decision);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(GateDecision decision);

  @UpdateMethod(
      name = "reject",
      description =
          "Reject a waiting gate; the runbook stops and runs its compensations. Same JSON as approve"
              + " (signed with `runbook reject … --print-only` when the policy has approver keys).")
  GateView reject(GateDecision decision);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(GateDecision decision);

  @SignalMethod(
      name = "approveSignal",
      description =
          "Approve a waiting gate from the Temporal UI (same JSON as the approve update). Invalid"
              + " approvals are recorded as refused in the status.")
  void approveSignal(GateDecision decision);

  @SignalMethod(
      name = "rejectSignal",
      description = "Reject a waiting gate from the Temporal UI (same JSON as the reject update).")
  void rejectSignal(GateDecision decision);

  @SignalMethod(
      name = "abort",
      description =
          "Stop the runbook and run its compensations: {\"by\": \"alice\", \"reason\": \"…\"}. The report"
              + " says what could not be undone.")
  void abort(AbortRequest request);

  @QueryMethod(
      name = "status",
      description = "Live status: every step with its state and facts, the waiting gate and who may approve it.")
  RunbookStatus status();
}
