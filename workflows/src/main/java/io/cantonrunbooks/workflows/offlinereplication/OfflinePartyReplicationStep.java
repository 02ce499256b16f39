package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookStep;

/** The steps of an offline party replication, in the order of the documented procedure. */
public enum OfflinePartyReplicationStep implements RunbookStep {
  PREFLIGHT("Check nodes, party, synchronizer, packages and pruning (changes nothing)"),
  VET_PACKAGES("Vet the packages the party's contracts use on the target"),
  PAUSE_SOURCE_PRUNING("Read and clear the source's automatic pruning schedule"),
  TARGET_PROPOSES_HOSTING("Target proposes to host the party with the onboarding flag"),
  ISOLATE_TARGET("Disconnect the target from all synchronizers and set manual connect"),
  PARTY_AUTHORIZES_HOSTING("Record the source's ledger end; the party authorizes the hosting with the onboarding flag"),
  EXPORT_PARTY_ACS("Export the party's ACS on the source at the activation offset"),
  RESTORE_SOURCE_PRUNING("Restore the source's pruning schedule"),
  BACKUP_TARGET("Back up the target"),
  IMPORT_PARTY_ACS("Import the ACS on the target"),
  RECONNECT_TARGET("Record the target's ledger end; reconnect the target and restore its auto-reconnect"),
  CLEAR_ONBOARDING_FLAG("Clear the onboarding flag once it is safe"),
  VERIFY("Verify the target hosts the party without the flag and holds the same contracts");

  private final String title;

  OfflinePartyReplicationStep(String title) {
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
