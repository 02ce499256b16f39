package io.cantonrunbooks.workflows.runbook;

/**
 * A numbered step of a runbook's procedure. Each runbook lists its steps as an enum implementing
 * this interface, in the order of the documented procedure.
 */
public interface RunbookStep {

  /** The stable name, e.g. {@code PAUSE_SOURCE_PRUNING}. */
  String name();

  /** One line in the operator's words, e.g. "Clear the source's automatic pruning schedule". */
  String title();

  /**
   * Whether the step carries a number in the procedure. Checks that change nothing (a preflight)
   * are shown as step 0 so that the numbers match the documented procedure.
   */
  default boolean numbered() {
    return true;
  }
}
