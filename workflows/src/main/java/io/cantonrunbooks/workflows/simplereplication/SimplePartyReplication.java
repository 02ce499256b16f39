package io.cantonrunbooks.workflows.simplereplication;

import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.workflows.runbook.RunbookControl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Simple party replication: host a party that has not been used yet on more participants, by a
 * topology change alone. No contracts move, so none may exist: a party that is a stakeholder of
 * any contract must be replicated offline.
 *
 * <p>Who signs for the party depends on who holds its namespace key: the source participant for a
 * local party; otherwise the owners, outside the nodes, who receive the bytes to sign through
 * {@link #signingRequest()} and return their signatures through {@link #submitSignature}.
 */
@WorkflowInterface
public interface SimplePartyReplication extends RunbookControl {

  @WorkflowMethod(name = SimplePartyReplicationInput.WORKFLOW_TYPE)
  RunbookStatus run(SimplePartyReplicationInput input);

  @UpdateMethod(
      name = "submitSignature",
      description = "An owner's Ed25519 signature over the transaction hash of signingRequest:"
          + " {\"signedBy\": \"1220…\", \"signature\": \"<base64>\"}. Refused at once if it does not verify,"
          + " comes from a key that is not an owner, repeats an owner, or no signature is awaited.")
  SigningRequest submitSignature(OwnerSignature signature);

  @UpdateValidatorMethod(updateName = "submitSignature")
  void validateSubmitSignature(OwnerSignature signature);

  @QueryMethod(
      name = "signingRequest",
      description = "What the party's owners must sign (the transaction hash), who has signed and who is missing.")
  SigningRequest signingRequest();
}
