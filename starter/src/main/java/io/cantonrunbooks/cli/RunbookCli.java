package io.cantonrunbooks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code runbook} command: the entry point of the CLI and the list of its commands.
 *
 * <p>Exit codes that scripts can rely on: {@value #OK} success, {@value #FAILED} the runbook or the
 * operation failed (including: Temporal cannot be reached), {@value #USAGE} a usage or
 * configuration error, found before anything connects anywhere.
 */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Canton operational runbooks as durable Temporal workflows.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      DemoCommand.class,
      TemplateCommand.class,
      StartCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      AbortCommand.class,
      ShowTxCommand.class,
      SignCommand.class,
      ReportCommand.class,
      VerifyReportCommand.class,
      ListCommand.class,
      DevServerCommand.class,
      WorkerCommand.class,
      TestbedCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 runbook or operation failed, 2 usage or configuration error.",
      "Configuration: docs/configuration.md. Quickstart: README.md."
    })
public final class RunbookCli implements Runnable {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** A fresh command line with the shared error handling installed, as used by main and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new RunbookCli())
        .setExecutionExceptionHandler(new ExecutionExceptionHandler());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
