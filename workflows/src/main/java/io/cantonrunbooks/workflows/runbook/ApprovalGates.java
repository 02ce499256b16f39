package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.temporal.workflow.Workflow;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A runbook's named approval gates: which need approval under the input's policy, whether a
 * decision is allowed, and waiting for enough approvals with a timeout that fails safe.
 *
 * <p>A decision is allowed when the gate exists and is waiting now, the approver is on the
 * allow-list (or the list is empty), the approver has not decided at this gate already, and, under
 * four-eyes, the approver did not start the runbook. When the policy has approver keys, the decision
 * must also carry the approver's signature over this workflow id, this run id, its gate, its kind,
 * its comment and a signing time close to the runbook's time, made with the configured key and used
 * only once (see {@link ApprovalSignatures}).
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
          gate, required.contains(gate.id()), policy.requiredApprovals(), policy.allowedApprovers(),
          policy.signaturesRequired()));
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
    checkSignature(decision, kind);
    if (entry.approvals.stream().anyMatch(a -> a.approver().equals(approver))) {
      throw new IllegalArgumentException("approver '" + approver + "' has already decided at gate '" + decision.gate() + "'");
    }
  }

  /**
   * Refuses a decision whose signature the policy requires and that is missing, reused, made for
   * another workflow, run or kind of decision, outside the time window, by another key, or over
   * other content. Pure computation and workflow time: safe in a validator and on replay.
   */
  private void checkSignature(GateDecision decision, Decision kind) {
    if (!policy.signaturesRequired()) {
      if (decision.carriesSignature()) {
        throw new IllegalArgumentException("the decision is signed, but this runbook has no approvals.approverKeys"
            + " to check it against; send it unsigned");
      }
      return;
    }
    String approver = decision.approver();
    String verb = kind == Decision.APPROVE ? "approve" : "reject";
    if (!decision.carriesSignature()) {
      throw new IllegalArgumentException("unsigned decision refused: this runbook has approvals.approverKeys, so every"
          + " decision must be signed; use `runbook " + verb + " ID --gate " + decision.gate() + " --key FILE`, or"
          + " paste what `--print-only` prints");
    }
    if (!ApprovalSignatures.wellFormedSignature(decision.signature())) {
      throw new IllegalArgumentException("signature: expected the standard base64, with padding, of a 64-byte"
          + " Ed25519 signature");
    }
    ApprovalRecord earlier = state.decisionSignedWith(decision.signature());
    if (earlier != null) {
      throw new IllegalArgumentException("this signature was already used in this run (" + earlier.decision() + " by "
          + earlier.approver() + " at gate '" + earlier.gate() + "'); a signed decision counts once: sign a new one");
    }
    String configuredKey = policy.approverKeysOrEmpty().get(approver);
    if (configuredKey == null) {
      throw new IllegalArgumentException("approver '" + approver + "' has no key in approvals.approverKeys and cannot"
          + " sign a decision");
    }
    var info = Workflow.getInfo();
    if (!info.getWorkflowId().equals(decision.workflowId())) {
      throw new IllegalArgumentException("signed for workflow '" + decision.workflowId() + "', but this is '"
          + info.getWorkflowId() + "'");
    }
    if (!info.getRunId().equals(decision.runId())) {
      throw new IllegalArgumentException("signed for run " + decision.runId() + ", but this is run " + info.getRunId()
          + " of " + info.getWorkflowId() + "; a signature is good for one run only: sign again");
    }
    if (decision.decision() != kind) {
      throw new IllegalArgumentException("signed as " + (decision.decision() == null ? "no decision" : decision.decision())
          + " but sent as " + verb + "; send it with the update or signal of the decision that was signed");
    }
    if (decision.signedAt() == null) {
      throw new IllegalArgumentException("signedAt: expected the time the decision was signed");
    }
    String outsideWindow = ApprovalSignatures.outsideWindow(decision.signedAt(), RunbookState.now());
    if (outsideWindow != null) {
      throw new IllegalArgumentException(outsideWindow);
    }
    PublicKey key = Ed25519Keys.parseOpenSshPublicKey(configuredKey);
    String fingerprint = Ed25519Keys.fingerprint(key);
    if (!fingerprint.equals(decision.keyFingerprint())) {
      throw new IllegalArgumentException("signed with key " + decision.keyFingerprint() + ", but " + approver
          + "'s key in approvals.approverKeys is " + fingerprint);
    }
    if (!ApprovalSignatures.verify(key, ApprovalSignatures.payload(decision), decision.signature())) {
      throw new IllegalArgumentException("the signature does not verify with " + approver + "'s key " + fingerprint
          + ": the decision (gate, approver, comment or time) differs from what was signed, or another key signed it");
    }
  }

  /** Records a decision that passed {@link #validate}. */
  public GateView decide(GateDecision decision, Decision kind, String via) {
    RunbookState.GateEntry entry = state.gate(decision.gate());
    // validate() refuses signatures where none is required, so a signed decision here was verified.
    boolean signed = decision.carriesSignature();
    entry.approvals.add(new ApprovalRecord(
        decision.gate(), decision.approver(), kind, decision.comment(), RunbookState.now(), via,
        signed ? decision.signedAt() : null,
        signed ? decision.keyFingerprint() : null,
        signed ? decision.signature() : null,
        signed ? ApprovalSignatures.payload(decision) : null));
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
