package io.cantonrunbooks.cli;

import io.cantonrunbooks.worker.TemporalUnavailableException;
import io.cantonrunbooks.worker.config.InvalidConfigException;
import io.temporal.client.WorkflowNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures an operator can fix into one sentence and an exit code, installed once for
 * every command.
 *
 * <p>A bad configuration lists its problems and exits {@value RunbookCli#USAGE}; an unreachable
 * Temporal names the address, says what to try next (for a TLS failure, the {@code temporal.tls}
 * key to change) and exits {@value RunbookCli#FAILED}; a {@link
 * CommandFailure} prints its sentence and details with its own exit code; an unknown workflow id
 * points at {@code runbook list}. Anything else is a bug and keeps its stack trace.
 */
final class ExecutionExceptionHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult)
      throws Exception {
    var err = cmd.getErr();
    if (ex instanceof InvalidConfigException invalid) {
      err.println("runbook: " + invalid.getMessage());
      err.println("See docs/configuration.md, or run `runbook config check --config FILE`.");
      err.flush();
      return RunbookCli.USAGE;
    }
    if (ex instanceof TemporalUnavailableException unavailable) {
      err.println("runbook: " + unavailable.getMessage() + ".");
      err.println(unavailable.fix().orElse(
          "Start a local server with `runbook dev-server`, or point --address (temporal.address) at your cluster."));
      err.flush();
      return RunbookCli.FAILED;
    }
    if (ex instanceof CommandFailure failure) {
      err.println("runbook: " + failure.getMessage());
      failure.details().forEach(err::println);
      err.flush();
      return failure.exitCode();
    }
    if (ex instanceof WorkflowNotFoundException notFound) {
      err.println(
          "runbook: no runbook with id '" + notFound.getExecution().getWorkflowId() + "' is running here.");
      err.println("See `runbook list` for the runbooks this namespace knows.");
      err.flush();
      return RunbookCli.USAGE;
    }
    throw ex;
  }
}
