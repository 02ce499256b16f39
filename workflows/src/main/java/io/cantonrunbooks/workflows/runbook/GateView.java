package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;
import java.util.List;

/**
 * An approval gate as the status query and the report show it.
 *
 * @param beforeStep the step the gate guards
 * @param requiredApprovals how many distinct approvers must approve
 * @param allowedApprovers who may decide; empty means anyone but (with four-eyes) the starter
 * @param deadline when a waiting gate times out
 * @param signaturesRequired whether decisions must be signed with the approver's key
 */
public record GateView(
    String name,
    String beforeStep,
    GateState state,
    int requiredApprovals,
    List<String> allowedApprovers,
    List<ApprovalRecord> approvals,
    Instant waitingSince,
    Instant deadline,
    boolean signaturesRequired) {}
