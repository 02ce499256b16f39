package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookControl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Offline party replication: host an existing party, with its active contracts, on one more
 * participant. Also known as ACS migration, and with an offboarding step as party migration.
 *
 * <p>Implements Canton's documented offline procedure. Its safety rule: the target must be
 * isolated (disconnected, manual connect on) from before the party's authorization takes effect
 * until its ACS is imported, or it processes the party's transactions without the contracts and
 * its later import fails.
 */
@WorkflowInterface
public interface OfflinePartyReplication extends RunbookControl {

  /** Runs the replication and returns its report; fails with the report in the failure's details. */
  @WorkflowMethod(name = OfflinePartyReplicationInput.WORKFLOW_TYPE)
  RunbookStatus run(OfflinePartyReplicationInput input);
}
