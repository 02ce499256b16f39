package io.cantonrunbooks.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code -o, --output} option of every command that prints one runbook's state or acts on it
 * (status, show-tx, approve, reject, abort): text for people (a table or a sentence), or one JSON
 * object for scripts. Errors go to stderr with the same exit codes either way.
 */
final class OutputOption {

  /** How to print the result. */
  enum Format {
    text,
    json
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default) or json: the result as one JSON object, for scripts.")
  Format format;

  boolean json() {
    return format == Format.json;
  }

  /**
   * Prints a command's result on its stdout: {@code result} as one JSON object, or {@code text}
   * (whole lines, each ending in a newline) for people.
   */
  void print(CommandSpec spec, Object result, Supplier<String> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (json()) {
      out.println(Json.write(result));
    } else {
      out.print(text.get());
    }
    out.flush();
  }
}
