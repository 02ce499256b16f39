package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;

/**
 * A decision that arrived as a signal and was refused (signals cannot be rejected synchronously,
 * so the runbook records them for the audit instead).
 */
public record RefusedDecision(
    String gate, String approver, Decision decision, String reason, Instant at) {}
