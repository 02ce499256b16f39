package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.PartyIds;
import io.cantonrunbooks.workflows.runbook.RunbookInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of an offline party replication, the single JSON argument of the workflow.
 *
 * <p>Fields are nullable so that a bad input reaches the runbook and is refused with every problem
 * named ({@link #problems()}), instead of failing to deserialize inside the worker.
 *
 * @param partyId the party to replicate, {@code name::1220…}
 * @param synchronizerAlias the synchronizer, by the alias both nodes use for it
 * @param sourceNode the node that hosts the party now, by its name in the worker inventory
 * @param targetNode the node that will host it too
 * @param permission the target's permission for the party
 * @param approvals which gates need approval and who may approve (default: the three safe gates)
 * @param onboardingClearanceTimeout how long to keep asking the target to clear the onboarding flag (default 2 h)
 * @param maxImportAttempts how often to import, restoring the backup in between (default 3)
 * @param lockTimeout how long to wait while another runbook onboards a party to the same target (default 6 h)
 * @param keepAcsFile whether to keep the snapshot file after a verified import (default false)
 * @param commitmentWait how long after the clearance to wait for an ACS commitment period from the
 *     source to be compared on the target (default 3 min: three of Canton's default reconciliation
 *     intervals)
 */
public record OfflinePartyReplicationInput(
    String partyId,
    String synchronizerAlias,
    String sourceNode,
    String targetNode,
    Permission permission,
    ApprovalPolicy approvals,
    Duration onboardingClearanceTimeout,
    Integer maxImportAttempts,
    Duration lockTimeout,
    Boolean keepAcsFile,
    Duration commitmentWait) implements RunbookInput {

  public static final String RUNBOOK = "offline-party-replication";
  public static final String WORKFLOW_TYPE = "OfflinePartyReplication";

  /** The deterministic workflow id: a second start of the same replication fails while one runs. */
  public String workflowId() {
    return RUNBOOK + "/" + partyId + "/" + targetNode;
  }

  public Duration clearanceTimeoutOrDefault() {
    return onboardingClearanceTimeout == null ? Duration.ofHours(2) : onboardingClearanceTimeout;
  }

  public int importAttemptsOrDefault() {
    return maxImportAttempts == null ? 3 : maxImportAttempts;
  }

  public Duration lockTimeoutOrDefault() {
    return lockTimeout == null ? Duration.ofHours(6) : lockTimeout;
  }

  public Duration commitmentWaitOrDefault() {
    return commitmentWait == null ? Duration.ofMinutes(3) : commitmentWait;
  }

  public ApprovalPolicy approvalsOrDefault() {
    return approvals == null ? new ApprovalPolicy(null, null, null, null, null, null, null) : approvals;
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  @Override
  public List<String> problems() {
    var problems = new ArrayList<String>();
    PartyIds.problem("partyId", partyId).ifPresent(problems::add);
    if (synchronizerAlias == null || synchronizerAlias.isBlank()) {
      problems.add("synchronizerAlias: expected the synchronizer's alias, e.g. \"global\"");
    }
    if (sourceNode == null || sourceNode.isBlank()) {
      problems.add("sourceNode: expected the name of the node that hosts the party");
    }
    if (targetNode == null || targetNode.isBlank()) {
      problems.add("targetNode: expected the name of the node that will host the party");
    }
    if (sourceNode != null && sourceNode.equals(targetNode)) {
      problems.add("targetNode: expected a node other than the source, got '" + targetNode + "' for both");
    }
    if (permission == null) {
      problems.add("permission: expected one of SUBMISSION, CONFIRMATION, OBSERVATION");
    }
    if (onboardingClearanceTimeout != null && !positive(onboardingClearanceTimeout)) {
      problems.add("onboardingClearanceTimeout: expected a positive duration, got " + onboardingClearanceTimeout);
    }
    if (maxImportAttempts != null && (maxImportAttempts < 1 || maxImportAttempts > 10)) {
      problems.add("maxImportAttempts: expected 1 to 10, got " + maxImportAttempts);
    }
    if (lockTimeout != null && !positive(lockTimeout)) {
      problems.add("lockTimeout: expected a positive duration, got " + lockTimeout);
    }
    if (commitmentWait != null && !positive(commitmentWait)) {
      problems.add("commitmentWait: expected a positive duration, got " + commitmentWait);
    }
    problems.addAll(approvalsOrDefault().problems("approvals", RunbookGate.ids(OfflinePartyReplicationGate.values())));
    return problems;
  }
}
