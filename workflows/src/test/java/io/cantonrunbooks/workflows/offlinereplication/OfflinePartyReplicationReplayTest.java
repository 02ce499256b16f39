package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays the history of a real replication (recorded by the worker's end-to-end test against the
 * testbed, with traffic running) against today's code, so that a change that would break running
 * workflows fails the build. A deliberate change must be guarded with {@code Workflow.getVersion};
 * refresh the fixture from {@code worker/target/histories/} only for a change that is.
 */
class OfflinePartyReplicationReplayTest {

  @Test
  void a_recorded_replication_replays_without_non_determinism() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/offline-party-replication.json", OfflinePartyReplicationImpl.class, ParticipantLockImpl.class);
  }
}
