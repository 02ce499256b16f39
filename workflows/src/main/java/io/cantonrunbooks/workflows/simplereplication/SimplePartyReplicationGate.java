package io.cantonrunbooks.workflows.simplereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.workflows.runbook.RunbookStep;

/** The approval gate of a simple party replication, needed by default. */
public enum SimplePartyReplicationGate implements RunbookGate {
  BEFORE_HOSTING_CHANGE(
      "before-hosting-change",
      SimplePartyReplicationStep.PARTY_AUTHORIZES,
      "The party will be hosted on the targets as well (see the prepared mapping and its hash in the status)."
          + " Once effective, every target confirms for the party.");

  private final String id;
  private final RunbookStep beforeStep;
  private final String prompt;

  SimplePartyReplicationGate(String id, RunbookStep beforeStep, String prompt) {
    this.id = id;
    this.beforeStep = beforeStep;
    this.prompt = prompt;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public RunbookStep beforeStep() {
    return beforeStep;
  }

  @Override
  public String prompt() {
    return prompt;
  }
}
