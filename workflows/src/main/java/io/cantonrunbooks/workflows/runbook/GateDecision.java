package io.cantonrunbooks.workflows.runbook;

/**
 * An approver's decision at a named gate, as sent by the CLI or pasted into the Temporal UI.
 *
 * @param gate the gate's name, e.g. {@code before-acs-import}
 * @param approver who decides; checked against the runbook's approver policy
 * @param comment optional free text, kept in the report
 */
public record GateDecision(String gate, String approver, String comment) {}
