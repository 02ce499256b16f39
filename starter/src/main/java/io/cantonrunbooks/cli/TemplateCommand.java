package io.cantonrunbooks.cli;

import io.cantonrunbooks.cli.RunbookCatalog.Runbook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook template RUNBOOK}: prints an input that {@code runbook start} accepts as is, on
 * stdout, and what each field means on stderr, so {@code > in.json} keeps only the JSON.
 */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = {
      "Print a runbook's input template (JSON, on stdout) and a guide to its fields (on stderr).",
      "Example: runbook template offline-party-replication > in.json"
    })
final class TemplateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUNBOOK", description = "The runbook, e.g. offline-party-replication.")
  String runbook;

  @Override
  public Integer call() {
    Runbook<?> found = StartCommand.runbook(runbook);
    spec.commandLine().getOut().print(found.template());
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().print(found.fieldGuide());
    spec.commandLine().getErr().flush();
    return RunbookCli.OK;
  }
}
