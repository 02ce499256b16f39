package io.cantonrunbooks.workflows.runbook;

/** Where an approval gate is. */
public enum GateState {
  /** The runbook has not reached the gate yet. */
  NOT_REACHED,
  /** The input says this gate needs no approval; the runbook passes it. */
  NOT_REQUIRED,
  WAITING,
  APPROVED,
  REJECTED,
  TIMED_OUT,
  /** The runbook ended (aborted or failed) while the gate was waiting. */
  ABANDONED
}
