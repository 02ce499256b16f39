package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook status ID}: where a runbook is: every step with its state, duration and key
 * facts, the waiting gate with who may approve it and the exact command, compensations and refused
 * decisions. Works for ended runbooks too (from their result or failure).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a runbook's steps, the waiting gate and how to approve it, compensations and refusals.",
      "--output json prints the status record for scripts."
    })
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Mixin OutputOption output;

  @Override
  public Integer call() throws Exception {
    RunbookStatus status;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      status = client.status(workflowId);
    }
    output.print(spec, status, () -> StatusRenderer.forTerminal(false).table(status, Instant.now()));
    return RunbookCli.OK;
  }
}
