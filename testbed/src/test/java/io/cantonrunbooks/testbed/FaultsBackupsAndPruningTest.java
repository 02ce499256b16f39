package io.cantonrunbooks.testbed;

import static io.cantonrunbooks.testbed.support.CantonAssertions.assertCantonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.BackupParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetActiveContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetNodeInfoRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.InjectFaultRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.RestartParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.RestoreParticipantRequest;
import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.testbed.engine.HostingEvent;
import io.cantonrunbooks.testbed.engine.LedgerUpdate;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Procedure;
import io.cantonrunbooks.testbed.support.Steps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults on demand, backups, automatic pruning, divergence alarms and protocol version 34. */
class FaultsBackupsAndPruningTest {
  @TempDir Path tmp;

  private static com.google.protobuf.Duration seconds(long s) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
  }

  @Test
  void an_injected_fault_fails_the_next_calls_with_the_given_canton_error() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      p1.control.injectFault(InjectFaultRequest.newBuilder().setRpc("ParticipantStatus").setFailures(2)
          .setStatusCode(Status.Code.UNAVAILABLE.value()).setErrorId("NODE_BUSY").setMessage("try later").build());
      for (int i = 0; i < 2; i++) {
        assertCantonError(() -> p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()),
            "NODE_BUSY", Status.Code.UNAVAILABLE);
      }
      assertThat(p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()).hasStatus()).isTrue();
    }
  }

  @Test
  void a_fault_can_let_the_first_calls_through_and_counts_what_it_did() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      p1.control.injectFault(InjectFaultRequest.newBuilder().setRpc("ParticipantStatus").setFailures(1).setPassFirst(2)
          .setStatusCode(Status.Code.ABORTED.value()).setErrorId("NODE_BUSY").build());
      for (int i = 0; i < 2; i++) {
        assertThat(p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()).hasStatus()).isTrue();
      }
      assertCantonError(() -> p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()),
          "NODE_BUSY", Status.Code.ABORTED);
      assertThat(p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()).hasStatus()).isTrue();
      var faults = net.server("participant1").faults();
      assertThat(faults.fired("ParticipantStatus")).isEqualTo(1);
      assertThat(faults.served()).containsEntry("ParticipantStatus", 4);
    }
  }

  @Test
  void a_crash_in_the_middle_of_an_import_leaves_nothing_and_restore_then_retry_succeeds() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
        Node p1 = new Node(net, "participant1");
        Node p2 = new Node(net, "participant2")) {
      Steps steps = new Steps(net);
      Procedure run = new Procedure(net, p1, p2);
      steps.step("party with 40 contracts", () -> {
        run.allocateParty("alice");
        run.createContracts(p1, "bulk", 40);
      });
      steps.step("target proposes and is isolated", () -> {
        run.targetProposes(true);
        run.isolateTarget();
      });
      steps.step("party authorizes", () -> run.partyAuthorizes(true));
      byte[] snapshot = steps.step("source exports", run::export);
      String backup = tmp.resolve("target.bak").toString();
      steps.step("target is backed up", () ->
          p2.control.backupParticipant(BackupParticipantRequest.newBuilder().setPath(backup).build()));
      long endBefore = p2.ledgerEnd();
      p2.control.injectFault(InjectFaultRequest.newBuilder().setRpc("ImportPartyAcs").setCrashAfterContracts(10).build());
      StatusRuntimeException crash = catchThrowableOfType(() -> run.importSnapshot(snapshot, run.party), StatusRuntimeException.class);
      assertThat(crash.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(p2.control.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()).getCrashed()).isTrue();
      StatusRuntimeException down = catchThrowableOfType(p2::ledgerEnd, StatusRuntimeException.class);
      assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      // The crash happens once: the fault stays installed, and the retried import below must not crash again.
      steps.step("target restarts (manual connect keeps it offline)", () -> {
        assertThat(p2.control.restartParticipant(RestartParticipantRequest.getDefaultInstance()).getConnected()).isFalse();
      });
      assertThat(p2.ledgerEnd()).as("nothing of the interrupted import is visible").isEqualTo(endBefore);
      steps.step("target is restored from its backup", () ->
          p2.control.restoreParticipant(RestoreParticipantRequest.newBuilder().setPath(backup).build()));
      steps.step("import is retried with the same file and party", () -> run.importSnapshot(snapshot, run.party));
      steps.step("target reconnects and is onboarded", () -> {
        run.reconnectTarget();
        run.awaitOnboarded();
      });
      assertThat(run.activeContractIds(p2)).isEqualTo(run.activeContractIds(p1)).hasSize(40);
      assertThat(net.alarms()).isEmpty();
      assertThat(net.server("participant2").faults().fired("ImportPartyAcs")).as("crashes").isEqualTo(1);
      assertThat(net.server("participant2").faults().served()).containsEntry("ImportPartyAcs", 2);
    }
  }

  @Test
  void a_slow_node_keeps_a_transfer_in_flight_after_each_chunk_and_still_completes_it() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
        Node p1 = new Node(net, "participant1");
        Node p2 = new Node(net, "participant2")) {
      Procedure run = new Procedure(net, p1, p2);
      run.allocateParty("alice");
      run.createContracts(p1, "bulk", 20);
      run.targetProposes(true);
      run.isolateTarget();
      run.partyAuthorizes(true);
      byte[] quick = run.export();
      Duration pause = Duration.ofMillis(700);
      com.google.protobuf.Duration chunkDelay = com.google.protobuf.Duration.newBuilder()
          .setNanos((int) pause.toNanos()).build();
      p1.control.injectFault(InjectFaultRequest.newBuilder().setRpc("ExportPartyAcs").setChunkDelay(chunkDelay).build());
      p2.control.injectFault(InjectFaultRequest.newBuilder().setRpc("ImportPartyAcs").setChunkDelay(chunkDelay).build());

      var chunks = p1.party.exportPartyAcs(run.exportRequest(run.sourceLedgerEnd, Duration.ofSeconds(10)));
      byte[] first = chunks.next().getChunk().toByteArray();
      long afterFirst = System.nanoTime();
      assertThat(chunks.hasNext()).as("one chunk holds the whole snapshot").isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - afterFirst)).as("the stream stayed open after its chunk")
          .isGreaterThanOrEqualTo(pause.minusMillis(100));
      assertThat(first).isEqualTo(quick);

      long started = System.nanoTime();
      run.importSnapshot(first, run.party);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("every received slice was slowed down")
          .isGreaterThanOrEqualTo(pause);
      assertThat(run.activeContractIds(p2)).hasSize(20);
      assertThat(net.alarms()).isEmpty();
    }
  }

  @Test
  void the_automatic_pruning_schedule_prunes_history_older_than_the_retention() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      Procedure run = new Procedure(net, p1, p1);
      run.allocateParty("alice");
      run.createContracts(p1, "old", 3);
      p1.pruning.setSchedule(SetScheduleRequest.newBuilder().setSchedule(PruningSchedule.newBuilder()
          .setCron("* * * * * ?").setMaxDuration(seconds(60)).setRetention(seconds(1))).build());
      Thread.sleep(1500);
      run.createContracts(p1, "new", 1); // the ledger moves on; pruning stays strictly below the end
      net.engine().awaitCondition(() -> net.participant("participant1").prunedUpTo() > 1, Duration.ofSeconds(5), "pruning");
      assertCantonError(() -> p1.control.getActiveContracts(GetActiveContractsRequest.newBuilder().setParty(run.party).setActiveAtOffset(1).build()),
          "PARTICIPANT_PRUNED_DATA_ACCESSED", Status.Code.FAILED_PRECONDITION);
      assertThat(run.activeContractIds(p1)).hasSize(4);
    }
  }

  @Test
  void an_import_that_misses_a_contract_raises_missed_event_and_a_persistent_commitment_mismatch() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
        Node p1 = new Node(net, "participant1");
        Node p2 = new Node(net, "participant2")) {
      Steps steps = new Steps(net);
      Procedure run = new Procedure(net, p1, p2);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 1);
      long beforeB = p1.ledgerEnd();
      run.createContracts(p1, "B", 1);
      run.targetProposes(true);
      run.isolateTarget();
      run.partyAuthorizes(true);
      run.export();
      byte[] stale = Procedure.concat(p1.repair.exportAcs(ExportAcsRequest.newBuilder().addPartyIds(run.party)
          .setSynchronizerId(run.syncId).setLedgerOffset(beforeB).build()));
      steps.step("target imports a snapshot that lacks B", () -> run.importSnapshot(stale, run.party));
      run.reconnectTarget();
      run.awaitOnboarded();
      net.engine().awaitCondition(
          () -> net.alarms().stream().anyMatch(a -> a.kind() == Alarm.Kind.ACS_COMMITMENT_MISMATCH),
          Duration.ofSeconds(6), "a persistent commitment mismatch");
      assertThat(net.alarms()).extracting(Alarm::kind).contains(Alarm.Kind.MISSED_EVENT);

      // A mismatched period blocks pruning: the history Canton would need to repair it is kept.
      var target = net.participant("participant2");
      long end = target.ledgerEnd();
      assertThat(target.safePruningOffset()).as("safe offset under a mismatch").isLessThan(end - 1);
      assertThatThrownBy(() -> target.prune(end - 1)).hasMessageContaining("Last safe offset is");
    }
  }

  @Test
  void on_protocol_version_34_activation_is_added_and_clearing_emits_no_event() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).protocolVersion(34).build();
        Node p1 = new Node(net, "participant1");
        Node p2 = new Node(net, "participant2")) {
      Procedure run = new Procedure(net, p1, p2);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
      run.targetProposes(true);
      run.isolateTarget();
      run.partyAuthorizes(true);
      byte[] snapshot = run.export();
      run.importSnapshot(snapshot, run.party);
      assertThat(net.participant("participant2").pendingClearances()).as("no pending record on PV34").isEmpty();
      run.reconnectTarget();
      run.awaitOnboarded();
      List<HostingEvent.Kind> kinds = net.participant("participant2").updates().stream()
          .filter(u -> u instanceof LedgerUpdate.Topology)
          .flatMap(u -> ((LedgerUpdate.Topology) u).events().stream())
          .filter(e -> e.participantUid().equals(p2.uid) && e.party().equals(run.party))
          .map(HostingEvent::kind).toList();
      assertThat(kinds).containsExactly(HostingEvent.Kind.ADDED);
      assertThat(run.activeContractIds(p2)).isEqualTo(run.activeContractIds(p1));
      assertThat(net.alarms()).isEmpty();
    }
  }
}
