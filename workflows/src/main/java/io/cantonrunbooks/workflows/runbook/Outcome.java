package io.cantonrunbooks.workflows.runbook;

/** How a runbook ended, or that it has not. */
public enum Outcome {
  RUNNING,
  SUCCEEDED,
  FAILED,
  REJECTED,
  TIMED_OUT,
  ABORTED
}
