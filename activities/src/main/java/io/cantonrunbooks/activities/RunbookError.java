package io.cantonrunbooks.activities;

import io.temporal.failure.ApplicationFailure;

/**
 * The catalogue of errors a runbook raises on its own account (Canton's own error ids pass through
 * unchanged as the failure type). Each has a stable id, an explanation and a resolution that the
 * report and the CLI print.
 */
public enum RunbookError {
  INVALID_INPUT(
      "The runbook's input is not valid.",
      "Fix the fields named in the message; `runbook template <runbook>` prints a valid input."),
  PREFLIGHT_FAILED(
      "The nodes are not in a state where the runbook can start. Nothing was changed.",
      "Fix every problem listed, then start the runbook again."),
  UNKNOWN_NODE(
      "A node named in the input is not in the worker's inventory.",
      "Use a node name from `runbook config check`, or add the node to the worker configuration."),
  TARGET_STILL_CONNECTED(
      "The target participant is connected to a synchronizer at a point where it must be isolated."
          + " Something reconnected it (an operator, a restart, or the plural reconnect call).",
      "Find what reconnected the target; disconnect it, keep manual connect on, and retry."),
  ONBOARDING_FLAG_MISSING(
      "The target's PartyToParticipant mapping for the party does not carry the onboarding flag.",
      "Do not import: remove the target's hosting of the party and start a new replication."),
  PROPOSAL_NOT_SEQUENCED(
      "The target's proposal did not appear in the synchronizer's topology store in time."
          + " Isolating the target now would lose it.",
      "Check the target's connection to the synchronizer and retry."),
  TARGET_LOCKED(
      "Another runbook is onboarding a party to the same target participant.",
      "Wait for the other runbook to finish its import; concurrent onboardings lose shared contracts."),
  OWNER_SIGNATURES_TIMED_OUT(
      "The party's owners did not deliver enough valid signatures over the new mapping in time. The"
          + " targets' own signatures stay as a pending proposal, which has no effect on its own.",
      "Collect the missing signatures (`runbook show-tx`, `runbook sign`) and start the runbook again."),
  GATE_REJECTED("An approver rejected a gate.", "Read the approver's comment in the report."),
  GATE_TIMED_OUT(
      "Nobody approved a gate before its timeout; the runbook failed safe.",
      "Start the runbook again when approvers are available, or raise the gate's timeout."),
  ABORTED("An operator aborted the runbook.", "Read the report for what was undone and what was not."),
  SOURCE_HISTORY_PRUNED(
      "The source pruned its history past the offset the runbook recorded before the party's"
          + " authorization, so the party's ACS at its activation on the target can no longer be exported"
          + " from it. The runbook pauses the automatic pruning schedule; a manual prune did this.",
      "Starting the runbook again would fail the same way. Remove the target's hosting of the party (a"
          + " new mapping serial without it), reconnect the target, then start the runbook again: the new"
          + " activation lies after the pruned history. Hold off manual pruning of the source while it runs."),
  IMPORT_FAILED(
      "The ACS import did not succeed within its bounded attempts; the target was restored from its backup.",
      "Read each attempt's error in the report; fix the cause and run the runbook again."),
  ACS_FILE_INVALID(
      "The ACS snapshot file is missing, truncated, corrupt, or does not match its recorded checksum.",
      "Export the snapshot again; never edit a snapshot file by hand."),
  BACKUP_FAILED(
      "The target could not be backed up or restored through its backup provider.",
      "Check the node's backup configuration (`nodes.<name>.backup`) and the provider's output."),
  ONBOARDING_NOT_CLEARED(
      "The onboarding flag was not cleared within the allowed time.",
      "Check the target's connection; call ClearPartyOnboardingFlag again once it is connected."),
  VERIFICATION_FAILED(
      "After the replication, the target's view of the party does not match the source's.",
      "Compare the ACS of both nodes for the party and look for ACS commitment mismatches."),
  UNSUPPORTED_VERSION(
      "A node runs a Canton version this runbook refuses to operate on.",
      "Upgrade the node, or follow the version note in the message.");

  private final String explanation;
  private final String resolution;

  RunbookError(String explanation, String resolution) {
    this.explanation = explanation;
    this.resolution = resolution;
  }

  /** The stable id, used as the Temporal failure type. */
  public String id() {
    return name();
  }

  public String explanation() {
    return explanation;
  }

  public String resolution() {
    return resolution;
  }

  /** A non-retryable failure of this kind with a message that names what is wrong. */
  public ApplicationFailure failure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, id());
  }

  /** Finds the entry for a failure type, if it is one of ours. */
  public static java.util.Optional<RunbookError> byId(String id) {
    for (RunbookError e : values()) {
      if (e.name().equals(id)) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }
}
