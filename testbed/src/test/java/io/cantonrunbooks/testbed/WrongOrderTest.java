package io.cantonrunbooks.testbed;

import static io.cantonrunbooks.testbed.support.CantonAssertions.assertCantonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ArchiveContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetNodeInfoRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.PruneRequest;
import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.testbed.engine.LedgerUpdate;
import io.cantonrunbooks.testbed.engine.PrunableCommitments;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Procedure;
import io.cantonrunbooks.testbed.support.Steps;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each wrong order of the offline replication trips the testbed's alarm or Canton's error. */
class WrongOrderTest {
  private final TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
  private final Node p1 = new Node(net, "participant1");
  private final Node p2 = new Node(net, "participant2");
  private final Steps steps = new Steps(net);
  private final Procedure run = new Procedure(net, p1, p2);
  private List<String> abc;

  @AfterEach
  void close() throws Exception {
    p1.close();
    p2.close();
    net.close();
  }

  private void partyWithContracts() {
    steps.step("source allocates the party", () -> run.allocateParty("alice"));
    abc = steps.step("party gets contracts A, B and C", () -> run.createContracts(p1, "ABC", 3));
  }

  private void onboardUpToExport() {
    partyWithContracts();
    steps.step("target proposes with the onboarding flag", () -> run.targetProposes(true));
    steps.step("target is isolated", run::isolateTarget);
    steps.step("party authorizes", () -> run.partyAuthorizes(true));
  }

  /** Waits until the target has published its own activation (Onboarding or Added) for the party. */
  private void awaitActivationOnTarget() {
    var target = net.participant("participant2");
    net.engine().awaitCondition(
        () -> target.updates().stream()
            .filter(u -> u instanceof LedgerUpdate.Topology)
            .flatMap(u -> ((LedgerUpdate.Topology) u).events().stream())
            .anyMatch(e -> e.party().equals(run.party) && e.participantUid().equals(target.uid())),
        Duration.ofSeconds(5),
        "the target's activation");
  }

  private boolean alarmed(Alarm.Kind kind) {
    return net.alarms().stream().anyMatch(a -> a.kind() == kind);
  }

  @Test
  void importing_while_the_target_is_still_connected_is_refused() {
    partyWithContracts();
    steps.step("target proposes", () -> run.targetProposes(true));
    steps.step("party authorizes while the target stays connected", () -> run.partyAuthorizes(true));
    byte[] snapshot = steps.step("source exports", run::export);
    String description =
        assertCantonError(
            () -> run.importSnapshot(snapshot, run.party),
            "IO_STREAM_PARTY_MANAGEMENT_ERROR",
            Status.Code.FAILED_PRECONDITION);
    assertThat(description).contains("There are still synchronizers connected. Please disconnect all synchronizers.");
  }

  @Test
  void reconnecting_before_the_import_records_archives_that_make_the_import_fail() {
    onboardUpToExport();
    byte[] snapshot = steps.step("source exports", run::export);
    steps.step("target reconnects too early (the plural reconnect ignores manual connect)", () ->
        p2.connectivity.reconnectSynchronizers(ReconnectSynchronizersRequest.getDefaultInstance()));
    steps.step("the party archives contract A while the target lacks it", () -> {
      awaitActivationOnTarget();
      p1.control.archiveContracts(ArchiveContractsRequest.newBuilder().setParty(run.party).addContractIds(abc.get(0)).build());
    });
    steps.step("target disconnects again", () ->
        p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance()));
    String description =
        assertCantonError(() -> run.importSnapshot(snapshot, run.party), "IMPORT_ACS_ERROR", Status.Code.INVALID_ARGUMENT);
    assertThat(description).contains("Cannot add previously archived contract " + abc.get(0));
  }

  @Test
  void exporting_after_the_activation_offset_finds_no_activation() {
    onboardUpToExport();
    steps.step("source sees the activation", run::export);
    long afterActivation = p1.ledgerEnd();
    assertCantonError(
        () -> Procedure.concat(p1.party.exportPartyAcs(run.exportRequest(afterActivation, Duration.ofMillis(300)))),
        "EFFECTIVE_PARTY_TO_PARTICIPANT_MAPPING_NOT_FOUND",
        Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void a_generic_export_at_a_later_offset_duplicates_contract_d_on_replay() throws Exception {
    onboardUpToExport();
    steps.step("source sees the activation", run::export);
    String d = steps.step("contract D is created after the activation", () -> run.createContracts(p1, "D", 1).get(0));
    byte[] wrong =
        steps.step("repair export at the ledger end instead of the activation", () -> Procedure.concat(
            p1.repair.exportAcs(ExportAcsRequest.newBuilder().addPartyIds(run.party).setSynchronizerId(run.syncId)
                .setLedgerOffset(p1.ledgerEnd()).build())));
    steps.step("target imports it with the repair import", () -> {
      CompletableFuture<ImportAcsResponse> done = new CompletableFuture<>();
      StreamObserver<ImportAcsRequest> requests = p2.repairAsync.importAcs(Procedure.observer(done));
      requests.onNext(ImportAcsRequest.newBuilder().setSynchronizerId(run.syncId)
          .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_ACCEPT)
          .setAcsSnapshot(com.google.protobuf.ByteString.copyFrom(wrong)).build());
      requests.onCompleted();
      done.get(10, TimeUnit.SECONDS);
    });
    steps.step("target reconnects and replays D's creation", run::reconnectTarget);
    net.engine().awaitCondition(() -> alarmed(Alarm.Kind.DUPLICATE_CONTRACT), Duration.ofSeconds(5), "duplicate alarm");
    assertThat(net.alarms()).anySatisfy(a -> assertThat(a.message()).contains(d));
  }

  @Test
  void exporting_below_the_pruning_point_fails() {
    onboardUpToExport();
    steps.step("source sees the activation", run::export);
    steps.step("source is pruned past the captured ledger end", () -> {
      // The isolated target's commitments are outstanding, which blocks pruning unless the source
      // does not wait for them; a computed period must still cover the offset.
      var source = net.participant("participant1");
      net.engine().awaitCondition(
          () -> source.safePruningPoint(PrunableCommitments.ALL).lastSafeOffset() > run.sourceLedgerEnd,
          Duration.ofSeconds(5), "the offset after the captured end to be safe");
      p1.control.prune(PruneRequest.newBuilder().setPruneUpTo(run.sourceLedgerEnd + 1).setNoWaitCommitments(true).build());
    });
    String description =
        assertCantonError(
            run::export, "EFFECTIVE_PARTY_TO_PARTICIPANT_MAPPING_NOT_FOUND", Status.Code.FAILED_PRECONDITION);
    assertThat(description).contains("precedes pruned offset");
  }

  @Test
  void clearing_the_flag_before_the_safe_time_answers_not_yet_and_forcing_it_trips_an_alarm() {
    onboardUpToExport();
    byte[] snapshot = steps.step("source exports", run::export);
    steps.step("target imports", () -> run.importSnapshot(snapshot, run.party));
    steps.step("target reconnects", run::reconnectTarget);
    var early = steps.step("clearance is asked for immediately", run::clearFlag);
    assertThat(early.getOnboarded()).isFalse();
    assertThat(early.hasEarliestRetryTimestamp()).isTrue();
    steps.step("operator forces the clearing with a raw Authorize before the safe time", () ->
        p2.topologyWrite.authorize(run.authorizeRequest(run.mapping(false), run.serial + 1)));
    net.engine().awaitCondition(() -> alarmed(Alarm.Kind.UNSAFE_ONBOARDING_CLEARANCE), Duration.ofSeconds(5), "unsafe clearance alarm");
  }

  @Test
  void importing_a_second_time_is_refused() {
    onboardUpToExport();
    byte[] snapshot = steps.step("source exports", run::export);
    steps.step("target imports", () -> run.importSnapshot(snapshot, run.party));
    steps.step("target reconnects", run::reconnectTarget);
    steps.step("flag is cleared", run::awaitOnboarded);
    steps.step("contract A is archived", () ->
        p1.control.archiveContracts(ArchiveContractsRequest.newBuilder().setParty(run.party).addContractIds(abc.get(0)).build()));
    steps.step("target is isolated again", run::isolateTarget);
    assertCantonError(
        () -> run.importSnapshot(snapshot, run.party),
        "PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING",
        Status.Code.FAILED_PRECONDITION);
    String description =
        assertCantonError(() -> run.importSnapshot(snapshot, null), "IMPORT_ACS_ERROR", Status.Code.INVALID_ARGUMENT);
    assertThat(description).contains("previously archived");
  }

  @Test
  void a_connected_target_without_the_flag_halts_on_the_partys_transaction() {
    partyWithContracts();
    steps.step("target proposes without the flag", () -> run.targetProposes(false));
    steps.step("party authorizes while the target is connected", () -> run.partyAuthorizes(false));
    steps.step("the mapping becomes effective on the target", this::awaitActivationOnTarget);
    steps.step("the party archives contract A", () ->
        p1.control.archiveContracts(ArchiveContractsRequest.newBuilder().setParty(run.party).addContractIds(abc.get(0)).build()));
    assertThat(alarmed(Alarm.Kind.SYNC_SERVICE_ALARM)).isTrue();
    assertThat(p2.control.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()).getHalted()).isTrue();
  }
}
