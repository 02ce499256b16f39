package io.cantonrunbooks.workflows.simplereplication;

import io.cantonrunbooks.workflows.runbook.RunbookStep;

/** The steps of a simple party replication, in the order of the documented procedure. */
public enum SimplePartyReplicationStep implements RunbookStep {
  PREFLIGHT("Check nodes, party (never used), owner, synchronizer and packages (changes nothing)"),
  VET_PACKAGES("Vet the packages on every target"),
  PREPARE_MAPPING("Build the new mapping on the source: every current host plus the targets"),
  PARTY_AUTHORIZES("The party's owner signs the new mapping"),
  TARGETS_AUTHORIZE("Every target signs the same mapping"),
  VERIFY("Wait until the mapping is effective and verify it on the source and every target");

  private final String title;

  SimplePartyReplicationStep(String title) {
    this.title = title;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public boolean numbered() {
    return this != PREFLIGHT;
  }
}
