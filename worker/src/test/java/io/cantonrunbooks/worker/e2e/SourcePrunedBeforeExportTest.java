package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.engine.ConnectionConfig;
import io.cantonrunbooks.testbed.engine.HostingParticipant;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PartyToParticipant;
import io.cantonrunbooks.testbed.engine.PrunableCommitments;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import io.cantonrunbooks.testbed.engine.TopologyTransaction;
import io.cantonrunbooks.testbed.grpc.FaultPlan;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.CompensationView;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "History pruned past the activation": an operator prunes the source by hand while the runbook
 * exports, after it recorded the source's ledger end and the party authorized. The runbook cannot
 * undo the authorization, so it must say exactly what happened and what to do, leave the target
 * isolated (a connected target would process the party's transactions without its contracts),
 * restore what it paused, and the recovery it describes must work.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SourcePrunedBeforeExportTest {

  @TempDir Path dir;

  @Test
  void a_manual_prune_of_the_source_during_the_export_is_named_and_the_described_recovery_works() throws Exception {
    try (TestbedFixture f = new TestbedFixture(3, dir)) {
      Participant source = f.participant("participant1");
      Participant target = f.participant("participant2");
      String alice = source.allocateParty("alice");
      String dave = source.allocateParty("dave");
      f.create("participant1", alice, "A");
      f.create("participant1", alice, "B");
      PruningSchedule schedule = new PruningSchedule("0 0 4 * * ?", Duration.ofHours(1), Duration.ofDays(7), false);
      source.setPruningSchedule(schedule);
      List<ConnectionConfig> connections = target.connectionConfigs();

      // Hold the export call long enough for the operator's prune to land first.
      FaultPlan faults = f.net.server("participant1").faults();
      faults.inject("ExportPartyAcs", new FaultPlan.Fault(0, null, null, null, Duration.ofSeconds(4), 0));
      OfflinePartyReplicationInput input = input(alice);
      WorkflowStub run = start(f, input);
      f.net.engine().awaitCondition(() -> faults.fired("ExportPartyAcs") > 0, Duration.ofSeconds(60), "the export call");
      f.create("participant1", dave, "after the activation");
      long prunedUpTo = source.ledgerEnd() - 1;
      // The isolated target's commitments are outstanding, so the operator does not wait for them;
      // a computed commitment period must still cover the offset.
      f.net.engine().awaitCondition(
          () -> source.safePruningPoint(PrunableCommitments.ALL).lastSafeOffset() >= prunedUpTo,
          Duration.ofSeconds(3), "the offset before the end to be safe");
      source.prune(prunedUpTo, PrunableCommitments.ALL);
      faults.clear();

      Throwable thrown = catchThrowable(() -> run.getResult(RunbookStatus.class));
      assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
      RunbookStatus report = ((ApplicationFailure) thrown.getCause()).getDetails().get(RunbookStatus.class);
      assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(report.failureType()).isEqualTo("SOURCE_HISTORY_PRUNED");
      assertThat(report.failureMessage())
          .contains("participant1 has pruned its history past offset")
          .contains("Remove participant2's hosting of " + alice)
          .contains("would fail the same way");

      // What the report describes is what the nodes show.
      assertThat(source.pruningSchedule()).as("the source's paused schedule is restored").contains(schedule);
      assertThat(report.compensations()).anySatisfy(c -> {
        assertThat(c.description()).isEqualTo("reconnect the target and restore its auto-reconnect");
        assertThat(c.state()).isEqualTo(CompensationView.State.NOT_UNDONE);
        assertThat(c.detail()).contains("left disconnected");
      });
      assertThat(target.isConnected()).as("target left isolated").isFalse();
      PartyToParticipant mapping = f.net.engine().currentMapping(alice).orElseThrow();
      assertThat(mapping.host(target.uid()).map(HostingParticipant::onboarding)).contains(true);
      assertThat(target.activeContracts(alice)).isEmpty();
      assertThat(f.net.alarms()).as("testbed alarms").isEmpty();

      // The recovery the message describes: drop the target's hosting, reconnect it, start again.
      PartyToParticipant withoutTarget = new PartyToParticipant(alice, mapping.threshold(),
          mapping.participants().stream().filter(h -> !h.participantUid().equals(target.uid())).toList(),
          mapping.partySigningKeys());
      TopologyTransaction removal = source.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, withoutTarget);
      f.net.engine().awaitCondition(() -> source.isEffective(removal), Duration.ofSeconds(10), "the target's hosting removed");
      connections.forEach(target::modifyConnectionConfig);
      target.reconnectAll();

      RunbookStatus second = start(f, input).getResult(RunbookStatus.class);
      assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(f.settledContracts("participant1", "participant2", alice)).hasSize(2);
      assertThat(source.pruningSchedule()).contains(schedule);
      assertThat(f.net.alarms()).as("testbed alarms").isEmpty();
    }
  }

  private static OfflinePartyReplicationInput input(String party) {
    return new OfflinePartyReplicationInput(party, "global", "participant1", "participant2", Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, "e2e", null, null), Duration.ofMinutes(2), 3,
        Duration.ofMinutes(1), false, null);
  }

  private static WorkflowStub start(TestbedFixture f, OfflinePartyReplicationInput input) {
    OfflinePartyReplication wf = f.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(f.config.worker().taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    return WorkflowStub.fromTyped(wf);
  }
}
