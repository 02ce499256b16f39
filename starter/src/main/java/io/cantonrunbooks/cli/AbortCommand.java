package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.AbortRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook abort ID}: asks a running runbook to stop. It runs its compensations and ends
 * ABORTED; its report says what could not be undone.
 */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Stop a running runbook: it runs its compensations and says what it could not undo.",
      "Example: runbook abort ID --reason \"maintenance window over\""
    })
final class AbortCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin OperatorOption operator;

  @Mixin OutputOption output;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the report.")
  String reason;

  /** What {@code --output json} prints: the abort was requested; the runbook undoes what it can next. */
  record Result(String workflowId, String requestedBy, String reason) {}

  @Override
  public Integer call() throws Exception {
    try (RunbookClient client = RunbookClient.connect(connection)) {
      client.abort(workflowId, new AbortRequest(operator.name(), reason));
    }
    output.print(
        spec,
        new Result(workflowId, operator.name(), reason),
        () -> "Abort requested for " + workflowId + " by " + operator.name() + "; compensations run next.\n"
            + "Next: runbook watch " + workflowId + "    then: runbook report " + workflowId + "\n");
    return RunbookCli.OK;
  }
}
