package io.cantonrunbooks.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --as NAME} option of every command that acts on a runbook: who is acting, recorded in
 * the runbook's history and report and checked against its approver policy.
 *
 * <p>Temporal cannot tell who sent a request, so this is a name the operator claims, defaulting
 * to the login name in {@code $USER}.
 */
final class OperatorOption {

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Who is acting, as the approver policy names people (default: $USER).")
  String as;

  /** The acting operator's name. */
  String name() {
    String name = as != null ? as : System.getenv("USER");
    if (name == null || name.isBlank()) {
      throw CommandFailure.usage("who is acting? $USER is not set; pass --as NAME");
    }
    return name;
  }
}
