package io.cantonrunbooks.workflows.runbook;

/**
 * A compensation as the report shows it: what it undoes and whether it could.
 *
 * @param registeredBy the step whose change it undoes
 * @param state REGISTERED while armed, DISCHARGED when the procedure itself undid the change, DONE
 *     or FAILED after it ran, NOT_UNDONE when it was deliberately not run because that was unsafe
 * @param detail why it failed or was not run, and what the operator should do
 */
public record CompensationView(String description, String registeredBy, State state, String detail) {

  /** Lifecycle of a compensation. */
  public enum State {
    REGISTERED,
    DISCHARGED,
    DONE,
    FAILED,
    NOT_UNDONE
  }
}
