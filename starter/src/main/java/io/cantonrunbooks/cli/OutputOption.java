package io.cantonrunbooks.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -o, --output} option of the commands that act on a runbook (approve, reject, abort):
 * a sentence for people, or one JSON object for scripts, as {@code status --output json} prints
 * the status record. Errors go to stderr with the same exit codes either way.
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
}
