package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook watch ID}: the status table, refreshed every second until the runbook ends, with a
 * progress bar for an ACS transfer in flight (fed by the transfer's heartbeats); exits
 * 0 when it succeeded and 1 otherwise, so scripts can wait on it.
 *
 * <p>On a terminal it redraws in place. Otherwise (a pipe, a log) it prints the table again only
 * when the status changed, so a log is not flooded with identical tables.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a runbook until it ends: the status table, refreshed every second, with a progress bar"
          + " for an ACS export or import in flight.",
      "Exits 0 if it succeeded, 1 if it failed, was rejected, timed out or was aborted."
    })
final class WatchCommand implements Callable<Integer> {

  private static final long REFRESH_MILLIS = 1000;

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean terminal = System.console() != null;
    StatusRenderer renderer = StatusRenderer.forTerminal(false);
    try (RunbookClient client = RunbookClient.connect(connection)) {
      RunbookStatus previous = null;
      String previousProgress = "";
      while (true) {
        RunbookStatus status = client.status(workflowId);
        String progress = status.outcome() == Outcome.RUNNING
            ? TransferProgressView.render(client.transfers(workflowId, status)) : "";
        if (terminal) {
          out.print("\u001b[H\u001b[2J");
          out.print(renderer.table(status, Instant.now()));
          out.print(progress);
        } else if (!status.equals(previous) || !progress.equals(previousProgress)) {
          out.print(renderer.table(status, Instant.now()));
          out.print(progress);
          out.println();
        }
        previousProgress = progress;
        out.flush();
        previous = status;
        if (status.outcome() != Outcome.RUNNING) {
          out.println(workflowId + " ended: " + status.outcome() + ". Report: runbook report " + workflowId);
          out.flush();
          return status.outcome() == Outcome.SUCCEEDED ? RunbookCli.OK : RunbookCli.FAILED;
        }
        Thread.sleep(REFRESH_MILLIS);
      }
    }
  }
}
