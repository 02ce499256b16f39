package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Party replication calls, like the console's {@code parties} group. */
@ActivityInterface(namePrefix = "Parties_")
public interface PartiesActivities {

  /**
   * Exports the party's ACS on {@code sourceNode} at the party's activation on the target (console:
   * {@code parties.export_party_acs}) into a file on this worker's machine, computing the checksum
   * and the contract count while streaming. Runs on the task queue of the worker next to the
   * target, so the file is where the import needs it. A retry starts the file again from the
   * beginning. A refused export fails with {@code SOURCE_HISTORY_PRUNED} when the source has pruned
   * past {@code beginOffsetExclusive}, otherwise with Canton's error id.
   *
   * @param beginOffsetExclusive the source's ledger end recorded before the party authorized
   */
  @ActivityMethod
  AcsFileRef exportPartyAcs(
      String sourceNode,
      String partyId,
      String synchronizerAlias,
      String targetParticipantUid,
      long beginOffsetExclusive);

  /**
   * The node's highest offset whose record time is strictly before {@code time} (console:
   * {@code parties.find_highest_offset_by_timestamp} with {@code force}). Used to resume a
   * replication whose recorded begin offset was lost: every update before the party's activation
   * at its effective time has such an offset, so an export from there finds that activation.
   */
  @ActivityMethod
  long offsetBefore(String node, String synchronizerAlias, java.time.Instant time);

  /**
   * Imports a snapshot file into {@code targetNode} (console: {@code parties.import_party_acs}).
   * Verifies the file against its reference before sending a byte; cancels the upload on any local
   * failure so the node never sees a shortened snapshot. Passes the party id so that a 3.5 node
   * schedules the flag clearance itself. Requires the node to be disconnected from every synchronizer.
   *
   * @return the number of contracts sent
   */
  @ActivityMethod
  long importPartyAcs(String targetNode, String partyId, String synchronizerAlias, AcsFileRef file);

  /**
   * Asks the node to clear its onboarding flag for the party (console:
   * {@code parties.clear_party_onboarding_flag}). Idempotent and meant to be polled: answers "not yet,
   * safe after T" until the decision timeout has passed. Requires a connection to the synchronizer.
   *
   * <p>Once T has passed, the node proposes the clearing and says "onboarded" when it is effective,
   * a topology change delay later. That short wait happens inside this call (polling the node for up
   * to 30 seconds), so the workflow's durable timer covers only the long wait
   * until T, and a runbook's history does not grow with how fast the clearing becomes effective.
   *
   * @param beginOffsetExclusive the node's ledger end recorded after the import, before reconnecting
   */
  @ActivityMethod
  OnboardingClearance clearPartyOnboardingFlag(
      String node, String partyId, String synchronizerAlias, long beginOffsetExclusive);

  /**
   * Counts the party's active contracts on the node at its ledger end and digests their ids, so that
   * two nodes can be compared without moving contracts.
   */
  @ActivityMethod
  AcsSummary summarizeActiveContracts(String node, String partyId, String synchronizerAlias);

  /**
   * Summarizes the party's active contracts on both nodes at once, again and again with {@code
   * pause} between rounds, until they match or {@code rounds} are done: with traffic running, two
   * nodes are rarely at the same point at the same instant. One activity however many rounds it
   * takes, so a runbook's history does not grow with them.
   *
   * @return the last round's two summaries, and how many rounds it took
   */
  @ActivityMethod
  AcsComparison compareActiveContracts(
      String sourceNode, String targetNode, String partyId, String synchronizerAlias, int rounds, java.time.Duration pause);

  /**
   * Retires a snapshot file once the import it served has been verified: deletes it, or, when the
   * worker keeps verified snapshots for a while ({@code acs.retention}), moves it aside to be
   * deleted then. Doing it twice is fine.
   *
   * @return what happened to the file, for the report
   */
  @ActivityMethod
  String deleteAcsFile(AcsFileRef file);
}
