package io.cantonrunbooks.cli.support;

import java.time.Duration;

/** One {@code runbook} command run as its own OS process, as an operator's shell would run it. */
public final class CliProcess extends ProcessHarness {

  /** What the command printed (stdout and stderr together) and how it exited. */
  public record Result(String command, int exitCode, String output) {
    @Override
    public String toString() {
      return "runbook " + command + " exited " + exitCode + ":\n" + output;
    }
  }

  private CliProcess(String... args) {
    super("runbook " + args[0], args);
  }

  /** Runs {@code runbook args…} and waits for it to end. */
  public static Result run(String... args) {
    try (CliProcess cli = new CliProcess(args)) {
      int exit = cli.awaitExit(Duration.ofSeconds(90));
      return new Result(String.join(" ", args), exit, cli.output());
    }
  }
}
