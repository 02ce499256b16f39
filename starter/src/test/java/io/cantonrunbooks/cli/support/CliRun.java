package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.cli.RunbookCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * One in-process run of the CLI: its exit code and everything it wrote.
 *
 * <p>{@link #toString()} shows the arguments, the exit code and both streams, so an AssertJ failure
 * message says what happened without re-running anything.
 */
public record CliRun(String[] args, int exitCode, String out, String err) {

  /** Runs {@code runbook args…} in this JVM with captured stdout and stderr. */
  public static CliRun of(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        RunbookCli.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(args, code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "runbook "
        + String.join(" ", Arrays.asList(args))
        + " exited "
        + exitCode
        + "%n--- stdout ---%n".formatted()
        + out
        + "%n--- stderr ---%n".formatted()
        + err;
  }
}
