package io.cantonrunbooks.cli;

import java.util.List;

/**
 * A failure the operator can act on: a sentence, optional detail lines (every problem, the next
 * command to run) and the exit code. {@link ExecutionExceptionHandler} prints it without a stack
 * trace.
 */
final class CommandFailure extends RuntimeException {

  private final int exitCode;
  private final List<String> details;

  private CommandFailure(int exitCode, String message, List<String> details) {
    super(message);
    this.exitCode = exitCode;
    this.details = List.copyOf(details);
  }

  /** Bad input, an unknown id or a refused request: nothing changed; exit {@value RunbookCli#USAGE}. */
  static CommandFailure usage(String message, String... details) {
    return new CommandFailure(RunbookCli.USAGE, message, List.of(details));
  }

  /** Like {@link #usage(String, String...)}, with a list of details such as every input problem. */
  static CommandFailure usage(String message, List<String> details) {
    return new CommandFailure(RunbookCli.USAGE, message, details);
  }

  /** The operation or the runbook failed; exit {@value RunbookCli#FAILED}. */
  static CommandFailure failed(String message, String... details) {
    return new CommandFailure(RunbookCli.FAILED, message, List.of(details));
  }

  int exitCode() {
    return exitCode;
  }

  List<String> details() {
    return details;
  }
}
