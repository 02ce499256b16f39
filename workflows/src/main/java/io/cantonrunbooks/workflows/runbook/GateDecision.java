package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;

/**
 * An approver's decision at a named gate, as sent by the CLI or pasted into the Temporal UI.
 *
 * <p>When the runbook's policy has approver keys, the decision must be signed: the fields from
 * {@code workflowId} on say what was signed, and {@link ApprovalSignatures} defines the exact bytes.
 * They are the signer's claims; the runbook compares them with its own workflow id, run id and the
 * update's kind before it checks the signature. Unsigned decisions leave them null.
 *
 * @param gate the gate's name, e.g. {@code before-acs-import}
 * @param approver who decides; checked against the runbook's approver policy
 * @param comment optional free text, kept in the report
 * @param workflowId the workflow the decision was signed for
 * @param runId the run it was signed for: a signature is good for one run only
 * @param decision APPROVE or REJECT, as signed; must match the update or signal it arrives with
 * @param signedAt when it was signed (whole seconds, UTC); the runbook accepts it only within a
 *     window around its own time, see {@link ApprovalSignatures#MAX_AGE}
 * @param keyFingerprint the fingerprint of the key that signed, {@code SHA256:…} as {@code
 *     ssh-keygen -l} prints it
 * @param signature the Ed25519 signature of {@link ApprovalSignatures#payload(GateDecision)}, base64
 */
public record GateDecision(
    String gate,
    String approver,
    String comment,
    String workflowId,
    String runId,
    Decision decision,
    Instant signedAt,
    String keyFingerprint,
    String signature) {

  /** An unsigned decision, for runbooks whose policy has no approver keys. */
  public GateDecision(String gate, String approver, String comment) {
    this(gate, approver, comment, null, null, null, null, null, null);
  }

  /** Whether this decision carries a signature (checked or not). */
  public boolean carriesSignature() {
    return signature != null && !signature.isBlank();
  }

  /** This decision with its signature: what the CLI sends once it has signed the payload. */
  public GateDecision withSignature(String signature) {
    return new GateDecision(gate, approver, comment, workflowId, runId, decision, signedAt, keyFingerprint, signature);
  }
}
