package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;

/**
 * One decision accepted at a gate, as the report shows it.
 *
 * @param via {@code update} or {@code signal}: how the decision reached the runbook
 */
public record ApprovalRecord(
    String gate, String approver, Decision decision, String comment, Instant at, String via) {}
