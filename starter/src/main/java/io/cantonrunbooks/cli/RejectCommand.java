package io.cantonrunbooks.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook reject ID --gate G}: rejects a waiting gate; the runbook stops and runs its
 * compensations. Checked like an approval: a refusal exits 2 with the reason.
 */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = {
      "Reject a waiting gate: the runbook stops and undoes what it can.",
      "Example: runbook reject ID --gate before-acs-import --as bob --comment \"wrong target\""
    })
final class RejectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin GateDecisionOptions decision;

  @Override
  public Integer call() throws Exception {
    return decision.send(connection, "reject", spec.commandLine().getOut());
  }
}
