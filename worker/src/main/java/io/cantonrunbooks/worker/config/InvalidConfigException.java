package io.cantonrunbooks.worker.config;

import java.util.List;

/**
 * The configuration could not be loaded; carries every problem found, not only the first.
 *
 * <p>The CLI prints the message and exits with status 2 before it connects anywhere.
 */
public final class InvalidConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems in the order they were found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    var text = new StringBuilder("invalid configuration (" + problems.size() + " problems):");
    problems.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
    return text.toString();
  }
}
