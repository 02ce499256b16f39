package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.workflows.runbook.RunbookStep;

/** The approval gates of an offline party replication; all three need approval by default. */
public enum OfflinePartyReplicationGate implements RunbookGate {
  BEFORE_TARGET_ISOLATION(
      "before-target-isolation",
      OfflinePartyReplicationStep.ISOLATE_TARGET,
      "The target will be disconnected from every synchronizer with manual connect on. Until the import is"
          + " done nothing else may reconnect it: no ReconnectSynchronizers call, no restart with auto-connect."),
  BEFORE_PARTY_AUTHORIZATION(
      "before-party-authorization",
      OfflinePartyReplicationStep.PARTY_AUTHORIZES_HOSTING,
      "The party will authorize hosting on the target. From then on the target is a host of the party and"
          + " must stay isolated until its ACS is imported."),
  BEFORE_ACS_IMPORT(
      "before-acs-import",
      OfflinePartyReplicationStep.IMPORT_PARTY_ACS,
      "The exported ACS will be imported into the target (see the export's checksum and contract count and"
          + " the backup id in the status).");

  private final String id;
  private final RunbookStep beforeStep;
  private final String prompt;

  OfflinePartyReplicationGate(String id, RunbookStep beforeStep, String prompt) {
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
