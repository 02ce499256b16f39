package io.cantonrunbooks.workflows.runbook;

/**
 * A named approval gate of a runbook. Each runbook lists its gates as an enum implementing this
 * interface.
 */
public interface RunbookGate {

  /** The name approvers use, e.g. {@code before-acs-import}. */
  String id();

  /** The step this gate guards. */
  RunbookStep beforeStep();

  /** What the approver is asked to confirm, shown in the status and the UI. */
  String prompt();
}
