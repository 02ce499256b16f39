package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.Decision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook reject ID --gate G [--key FILE]}: rejects a waiting gate; the runbook stops and
 * runs its compensations. Checked and signed like an approval: a refusal exits 2 with the reason.
 */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = {
      "Reject a waiting gate: the runbook stops and undoes what it can.",
      "Signed with --key FILE where the runbook's policy has approverKeys, like approve.",
      "Example: runbook reject ID --gate before-acs-import --as bob --key ~/.runbook/approver --comment \"wrong target\""
    })
final class RejectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin GateDecisionOptions decision;

  @Override
  public Integer call() throws Exception {
    return decision.send(connection, Decision.REJECT, spec);
  }
}
