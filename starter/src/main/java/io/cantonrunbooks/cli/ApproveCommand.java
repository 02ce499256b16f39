package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.Decision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook approve ID --gate G [--key FILE]}: approves a waiting gate. The runbook checks the
 * approval before accepting it; a refusal (not an allowed approver, the starter under four eyes,
 * already decided, gate not waiting, a missing or bad signature where the policy has approver keys)
 * prints the runbook's reason and exits 2 with nothing changed.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve a waiting gate. Refused at once, with the reason, if you may not approve it now.",
      "With approverKeys in the runbook's policy, sign it: --key FILE (your Ed25519 private key).",
      "Example: runbook approve offline-party-replication/alice::1220…/participant2 --gate before-acs-import --as bob --key ~/.runbook/approver"
    })
final class ApproveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin GateDecisionOptions decision;

  @Override
  public Integer call() throws Exception {
    return decision.send(connection, Decision.APPROVE, spec);
  }
}
