package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;

/**
 * One decision accepted at a gate, as the report shows it.
 *
 * <p>A signed decision keeps what an auditor needs to verify it offline: the payload exactly as
 * signed (see {@link ApprovalSignatures}), the signature and the signer's key fingerprint; the key
 * itself is in the report's input ({@code approvals.approverKeys}). Unsigned decisions leave these
 * null.
 *
 * @param at when the runbook accepted the decision (its own time, not signed)
 * @param via {@code update} or {@code signal}: how the decision reached the runbook
 * @param signedAt when the approver signed it
 * @param keyFingerprint the fingerprint of the key that signed, {@code SHA256:…}
 * @param signature the Ed25519 signature, base64
 * @param signedPayload the exact text that was signed
 */
public record ApprovalRecord(
    String gate,
    String approver,
    Decision decision,
    String comment,
    Instant at,
    String via,
    Instant signedAt,
    String keyFingerprint,
    String signature,
    String signedPayload) {}
