package io.cantonrunbooks.cli;

import io.cantonrunbooks.cli.RunbookCatalog.Runbook;
import io.cantonrunbooks.cli.RunbookInputReader.Read;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook start RUNBOOK --input FILE}: checks the input completely, then starts the runbook
 * with its deterministic workflow id.
 *
 * <p>An input with problems starts nothing: every problem is printed and the exit code is 2. A
 * second start of the same operation while the first runs is refused the same way.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a runbook from a JSON input (see `runbook template RUNBOOK`).",
      "The input is checked first: every problem is listed and nothing starts."
    })
final class StartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin OperatorOption operator;

  @Parameters(paramLabel = "RUNBOOK", description = "The runbook, e.g. offline-party-replication.")
  String runbook;

  @Option(
      names = {"-f", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "The JSON input, e.g. from `runbook template RUNBOOK > FILE`.")
  Path input;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "Override one input field by its dotted path; repeatable.",
        "The value is JSON when it parses as JSON, else a string: --set approvals.minApprovers=2"
      })
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    return start(runbook(runbook));
  }

  private <I> int start(Runbook<I> definition) throws Exception {
    Read<I> read = RunbookInputReader.read(definition, input, sets, operator.name());
    List<String> problems = definition.problems().apply(read.input());
    if (!problems.isEmpty()) {
      var lines = new ArrayList<String>();
      problems.forEach(p -> lines.add("  - " + p));
      lines.add("Nothing was started. Fix " + input + " (or use --set) and run this again.");
      throw CommandFailure.usage(input + ": " + problems.size() + " problem(s) in the input:", lines);
    }
    RunbookClient.Started started;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      started = client.start(definition, read);
    }
    WorkflowExecution execution = started.execution();
    String id = execution.getWorkflowId();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Started " + definition.name() + ": " + id + " (run " + execution.getRunId() + ")");
    if (!started.withSearchAttributes()) {
      out.println("Note: this namespace does not know the runbook search attributes, so the run has none;"
          + " docs/temporal-ui.md says how to register them.");
    }
    out.println("Next: runbook watch " + id);
    out.println("      runbook status " + id + "    (shows the waiting gate and the exact approve command)");
    out.flush();
    return RunbookCli.OK;
  }

  /** The catalogue entry for a name, or a usage error listing the names there are. */
  static Runbook<?> runbook(String name) {
    return RunbookCatalog.find(name)
        .orElseThrow(
            () -> CommandFailure.usage(
                "unknown runbook '" + name + "'", "Runbooks: " + String.join(", ", RunbookCatalog.names()) + "."));
  }
}
