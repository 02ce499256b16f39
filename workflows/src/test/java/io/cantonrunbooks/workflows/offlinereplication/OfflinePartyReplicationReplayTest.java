package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories of real replications (recorded by the worker's end-to-end test against the
 * testbed, with traffic running) against today's code, so that a change that would break running
 * workflows fails the build. A deliberate change must be guarded with {@code Workflow.getVersion};
 * then add a history recorded after it from {@code worker/target/histories/} (temporary paths
 * scrubbed) and keep the older ones, so that both sides of every version check stay covered.
 */
class OfflinePartyReplicationReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {
      // Before the contract comparison moved into one activity: summaries round by round.
      "histories/offline-party-replication.json",
      // After: one compareActiveContracts activity, and the clearing settled inside its activity.
      "histories/offline-party-replication-compare-in-one-activity.json",
      // VERIFY waits inside one activity for a commitment period from the source after the clearance.
      "histories/offline-party-replication-commitments-after.json"})
  void a_recorded_replication_replays_without_non_determinism(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        history, OfflinePartyReplicationImpl.class, ParticipantLockImpl.class);
  }
}
