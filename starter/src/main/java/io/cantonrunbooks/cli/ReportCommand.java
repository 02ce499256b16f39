package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook report ID}: the audit report of a runbook: its input, every step with its facts,
 * every decision with who, when and how it arrived, compensations and refused decisions. Read from
 * the workflow's result, or from its failure when it did not succeed.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Print a runbook's audit report: input, steps and facts, approvals, compensations, refusals.",
      "Markdown by default; --format json prints the report record.",
      "Example: runbook report ID > report.md"
    })
final class ReportCommand implements Callable<Integer> {

  /** Report formats. */
  enum Format {
    md,
    json
  }

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Option(names = "--format", defaultValue = "md", paramLabel = "FORMAT", description = "md (default) or json.")
  Format format;

  @Override
  public Integer call() throws Exception {
    RunbookStatus report;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      report = client.status(workflowId);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(format == Format.json ? Json.write(report) : new StatusRenderer(false).markdown(report));
    out.flush();
    if (report.outcome() == Outcome.RUNNING) {
      spec.commandLine().getErr().println("note: " + workflowId + " is still running; this report is not final");
      spec.commandLine().getErr().flush();
    }
    return RunbookCli.OK;
  }
}
