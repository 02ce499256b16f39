package io.cantonrunbooks.workflows.runbook;

/** An approver's answer at a gate. */
public enum Decision {
  APPROVE,
  REJECT
}
