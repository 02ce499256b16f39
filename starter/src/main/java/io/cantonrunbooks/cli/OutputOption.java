package io.cantonrunbooks.cli;

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
}
