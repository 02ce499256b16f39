package io.cantonrunbooks.workflows.runbook;

/** Where a step is. */
public enum StepState {
  PENDING,
  RUNNING,
  WAITING_FOR_APPROVAL,
  DONE,
  FAILED,
  COMPENSATED,
  SKIPPED
}
