package io.cantonrunbooks.testbed;

import static io.cantonrunbooks.testbed.support.CantonAssertions.assertCantonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.cantonrunbooks.cantonapi.admin.participant.v30.*;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetCronRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetRetentionRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.cantonrunbooks.cantonapi.ledger.v2.GetConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.CreateContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.RestartParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseQuery;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesRequest;
import io.cantonrunbooks.testbed.engine.DarFile;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Procedure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every served Canton call answers as a 3.5 node does, errors included. */
class ServedCallsTest {
  private final TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
  private final Node p1 = new Node(net, "participant1");
  private final Node p2 = new Node(net, "participant2");
  private final Procedure run = new Procedure(net, p1, p2);

  @AfterEach
  void close() throws Exception {
    p1.close();
    p2.close();
    net.close();
  }

  private static com.google.protobuf.Duration seconds(long s) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
  }

  @Test
  void status_reports_the_uid_version_and_connected_synchronizer() {
    var status = p1.status.participantStatus(ParticipantStatusRequest.getDefaultInstance()).getStatus();
    assertThat(status.getCommonStatus().getUid()).isEqualTo(p1.uid);
    assertThat(status.getCommonStatus().getVersion()).isEqualTo("3.5.10");
    assertThat(status.getConnectedSynchronizersList())
        .extracting(ConnectedSynchronizer::getPhysicalSynchronizerId)
        .containsExactly(net.engine().physicalSynchronizerId());
    assertThat(p1.ledgerEnd()).isPositive();
    assertThat(p1.state.getConnectedSynchronizers(GetConnectedSynchronizersRequest.getDefaultInstance())
        .getConnectedSynchronizersList()).hasSize(1);
  }

  @Test
  void connection_configs_keep_opaque_fields_and_startup_honours_manual_connect() {
    var registered = p2.connectivity.listRegisteredSynchronizers(ListRegisteredSynchronizersRequest.getDefaultInstance()).getResults(0);
    assertThat(registered.getConfig().getManualConnect()).isFalse();
    assertThat(registered.getConfig().hasSequencerConnections()).isTrue();
    ByteString opaque = registered.getConfig().getSequencerConnections();

    assertCantonError(() -> p2.connectivity.modifySynchronizer(ModifySynchronizerRequest.newBuilder()
            .setNewConfig(registered.getConfig()).build()),
        "PROTO_DESERIALIZATION_FAILURE", Status.Code.INVALID_ARGUMENT);
    run.setManualConnect(p2, true);
    var after = p2.connectivity.listRegisteredSynchronizers(ListRegisteredSynchronizersRequest.getDefaultInstance()).getResults(0);
    assertThat(after.getConfig().getManualConnect()).isTrue();
    assertThat(after.getConfig().getSequencerConnections()).isEqualTo(opaque);
    assertThat(after.getConnected()).as("changing manual connect does not disconnect").isTrue();

    assertCantonError(() -> p2.connectivity.disconnectSynchronizer(
        DisconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("nope").build()),
        "SYNC_SERVICE_UNKNOWN_SYNCHRONIZER", Status.Code.NOT_FOUND);
    p2.control.restartParticipant(RestartParticipantRequest.getDefaultInstance());
    assertThat(p2.connectivity.listConnectedSynchronizers(ListConnectedSynchronizersRequest.getDefaultInstance())
        .getConnectedSynchronizersList()).as("startup skips manual-connect synchronizers").isEmpty();
    assertThat(p2.connectivity.reconnectSynchronizer(
        ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("global").build()).getConnectedSuccessfully()).isTrue();
    assertThat(p2.connectivity.getSynchronizerId(GetSynchronizerIdRequest.newBuilder().setSynchronizerAlias("global").build())
        .getSynchronizerId()).isEqualTo(run.syncId);
  }

  @Test
  void authorize_needs_a_connection_and_an_unsequenced_proposal_is_lost_on_disconnect() throws Exception {
    run.allocateParty("alice");
    p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
    assertCantonError(() -> p2.topologyWrite.authorize(run.authorizeRequest(run.mapping(true), 0)),
        "TOPOLOGY_STORE_NOT_FOUND", Status.Code.NOT_FOUND);
    p2.connectivity.reconnectSynchronizer(ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("global").build());

    p2.topologyWrite.authorize(run.authorizeRequest(run.mapping(true), 0));
    p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
    Thread.sleep(net.engine().timings().outboxDelay().toMillis() * 3);
    assertThat(run.list(p1, true)).as("proposal never reached the synchronizer").isEmpty();
    assertThat(run.list(p2, false)).as("reads work offline").hasSize(1);

    assertCantonError(() -> p1.topologyWrite.authorize(run.authorizeRequest(run.mapping(true), 5)),
        "TOPOLOGY_SERIAL_MISMATCH", Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void list_party_to_participant_applies_cantons_filter_rules() {
    run.allocateParty("alice");
    BaseQuery head = BaseQuery.newBuilder().setStore(run.store()).setHeadState(Empty.getDefaultInstance()).build();
    assertThat(p1.topologyRead.listPartyToParticipant(ListPartyToParticipantRequest.newBuilder()
        .setBaseQuery(head).setFilterParty("ali").build()).getResultsList()).isEmpty();
    assertThat(p1.topologyRead.listPartyToParticipant(ListPartyToParticipantRequest.newBuilder()
        .setBaseQuery(head).setFilterParty("alice").build()).getResultsList()).hasSize(1);
    var row = p1.topologyRead.listPartyToParticipant(ListPartyToParticipantRequest.newBuilder()
        .setBaseQuery(head).setFilterParty(run.party).setFilterParticipant("participant1").build()).getResults(0);
    assertThat(row.getContext().getSerial()).isEqualTo(1);
    assertThat(row.getContext().getTransactionHash().size()).isEqualTo(34);
    assertCantonError(() -> p1.topologyRead.listPartyToParticipant(ListPartyToParticipantRequest.newBuilder()
        .setBaseQuery(BaseQuery.newBuilder().setStore(run.store())).build()),
        "PROTO_DESERIALIZATION_FAILURE", Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void packages_are_uploaded_vetted_listed_and_required_on_every_informee_host() throws Exception {
    byte[] dar = DarFile.build("my-app", "1.2.0", "ab".repeat(32));
    String id = p1.packages.uploadDar(UploadDarRequest.newBuilder()
        .addDars(UploadDarData.newBuilder().setBytes(ByteString.copyFrom(dar)).setDescription("app"))
        .setVetAllPackages(false).build()).getDarIds(0);
    assertThat(id).isEqualTo("ab".repeat(32));
    assertThat(p1.packages.listDars(ListDarsRequest.newBuilder().setFilterName("my-").build()).getDarsList())
        .extracting(DarDescription::getName).containsExactly("my-app");
    p1.packages.vetDar(VetDarRequest.newBuilder().setMainPackageId(id).setSynchronize(true).build());
    var vetted = p1.topologyRead.listVettedPackages(ListVettedPackagesRequest.newBuilder()
        .setBaseQuery(BaseQuery.newBuilder().setStore(run.store()).setHeadState(Empty.getDefaultInstance()))
        .setFilterParticipant(p1.uid).build());
    assertThat(vetted.getResults(0).getItem().getPackagesList()).anySatisfy(p -> assertThat(p.getPackageId()).isEqualTo(id));
    p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
    assertCantonError(() -> p2.packages.vetDar(VetDarRequest.newBuilder().setMainPackageId(id).build()),
        "DAR_NOT_FOUND", Status.Code.NOT_FOUND);
    p2.packages.uploadDar(UploadDarRequest.newBuilder().addDars(UploadDarData.newBuilder().setBytes(ByteString.copyFrom(dar))).build());
    assertCantonError(() -> p2.packages.vetDar(VetDarRequest.newBuilder().setMainPackageId(id).build()),
        "PACKAGE_SERVICE_CANNOT_AUTODETECT_SYNCHRONIZER", Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void an_unvetted_onboarding_target_blocks_the_partys_submissions() throws Exception {
    try (TestbedNetwork unvetted = TestbedNetwork.builder().participants(2).demoPackageOn(n -> !n.equals("participant2")).build();
        Node s = new Node(unvetted, "participant1");
        Node t = new Node(unvetted, "participant2")) {
      Procedure r = new Procedure(unvetted, s, t);
      r.allocateParty("alice");
      r.targetProposes(true);
      r.partyAuthorizes(true);
      r.export();
      assertCantonError(() -> s.control.createContracts(CreateContractsRequest.newBuilder().setParty(r.party).setArgument("x").build()),
          "NO_SYNCHRONIZER_FOR_SUBMISSION", Status.Code.FAILED_PRECONDITION);
    }
  }

  @Test
  void pruning_schedules_can_be_read_set_changed_and_cleared() {
    assertThat(p1.pruning.getSchedule(GetScheduleRequest.getDefaultInstance()).hasSchedule()).isFalse();
    StatusRuntimeException noSchedule = catchThrowableOfType(
        () -> p1.pruning.setRetention(SetRetentionRequest.newBuilder().setRetention(seconds(5)).build()),
        StatusRuntimeException.class);
    assertThat(noSchedule.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    PruningSchedule schedule = PruningSchedule.newBuilder().setCron("0 0 * * * ?").setMaxDuration(seconds(60)).setRetention(seconds(3600)).build();
    p1.pruning.setSchedule(SetScheduleRequest.newBuilder().setSchedule(schedule).build());
    assertThat(p1.pruning.getSchedule(GetScheduleRequest.getDefaultInstance()).getSchedule()).isEqualTo(schedule);
    p1.pruning.setCron(SetCronRequest.newBuilder().setCron("*/5 * * * * ?").build());
    assertThat(p1.pruning.getSchedule(GetScheduleRequest.getDefaultInstance()).getSchedule().getCron()).isEqualTo("*/5 * * * * ?");
    assertCantonError(() -> p1.pruning.setSchedule(SetScheduleRequest.newBuilder()
            .setSchedule(schedule.toBuilder().setCron("not a cron")).build()),
        "PROTO_DESERIALIZATION_FAILURE", Status.Code.INVALID_ARGUMENT);
    p1.pruning.clearSchedule(ClearScheduleRequest.getDefaultInstance());
    p1.pruning.clearSchedule(ClearScheduleRequest.getDefaultInstance());
    assertThat(p1.pruning.getSchedule(GetScheduleRequest.getDefaultInstance()).hasSchedule()).isFalse();
  }

  @Test
  void party_management_rejects_bad_arguments_and_missing_flags_with_cantons_ids() throws Exception {
    run.allocateParty("alice");
    assertCantonError(() -> Procedure.concat(p1.party.exportPartyAcs(run.exportRequest(0, Duration.ofSeconds(1)))),
        "INVALID_ARGUMENT_PARTY_MANAGEMENT_ERROR", Status.Code.INVALID_ARGUMENT);
    assertCantonError(() -> Procedure.concat(p1.party.exportPartyAcs(run.exportRequest(1, Duration.ofMillis(200)))),
        "EFFECTIVE_PARTY_TO_PARTICIPANT_MAPPING_NOT_FOUND", Status.Code.FAILED_PRECONDITION);
    assertCantonError(() -> run.importSnapshot(new byte[0], run.party),
        "PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING", Status.Code.FAILED_PRECONDITION);

    CompletableFuture<ImportPartyAcsResponse> missingMode = new CompletableFuture<>();
    var requests = p2.partyAsync.importPartyAcs(Procedure.observer(missingMode));
    requests.onNext(ImportPartyAcsRequest.newBuilder().setSynchronizerId(run.syncId).build());
    requests.onCompleted();
    assertCantonError(() -> {
      try {
        missingMode.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw (Exception) e.getCause();
      }
    }, "INVALID_ARGUMENT_PARTY_MANAGEMENT_ERROR", Status.Code.INVALID_ARGUMENT);

    CompletableFuture<ImportPartyAcsResponse> nothing = new CompletableFuture<>();
    p2.partyAsync.importPartyAcs(Procedure.observer(nothing)).onCompleted();
    assertThat(nothing.get(5, TimeUnit.SECONDS)).as("an empty stream is an empty success").isNotNull();

    long beforeNoop = p2.ledgerEnd();
    run.targetProposes(true);
    p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
    long afterDisconnect = p2.ledgerEnd();
    assertThat(afterDisconnect).isGreaterThan(beforeNoop);
    run.importSnapshot(emptySnapshot(), run.party);
    assertThat(p2.ledgerEnd()).as("even an empty import advances the ledger end by the commit marker").isEqualTo(afterDisconnect + 1);
    run.targetLedgerEndBeforeReconnect = 1;
    assertCantonError(run::clearFlag, "INVALID_STATE_PARTY_MANAGEMENT_ERROR", Status.Code.FAILED_PRECONDITION);
    p2.connectivity.reconnectSynchronizer(ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("global").build());
    // Both sign the same flagless mapping: the target becomes a plain host (no onboarding flag).
    p2.topologyWrite.authorize(run.authorizeRequest(run.mapping(false), run.serial));
    run.partyAuthorizes(false);
    assertCantonError(() -> Procedure.concat(p1.party.exportPartyAcs(run.exportRequest(run.sourceLedgerEnd, Duration.ofSeconds(5)))),
        "PARTY_ACS_EXPORT_MISSING_TARGET_ONBOARDING_MAPPING", Status.Code.FAILED_PRECONDITION);

    StatusRuntimeException alpha = catchThrowableOfType(
        () -> p1.party.addPartyAsync(AddPartyAsyncRequest.getDefaultInstance()), StatusRuntimeException.class);
    assertThat(alpha.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  private byte[] emptySnapshot() {
    var chunks = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(chunks)) {
      gz.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return chunks.toByteArray();
  }

  @Test
  void highest_offset_by_timestamp_needs_an_exact_record_time_unless_forced() {
    run.allocateParty("alice");
    var activation = net.participant("participant1").updates().stream()
        .filter(u -> u instanceof io.cantonrunbooks.testbed.engine.LedgerUpdate.Topology).reduce((a, b) -> b).orElseThrow();
    long offset = p1.party.getHighestOffsetByTimestamp(GetHighestOffsetByTimestampRequest.newBuilder()
        .setSynchronizerId(run.syncId).setTimestamp(com.google.protobuf.Timestamp.newBuilder()
            .setSeconds(activation.recordTime().getEpochSecond()).setNanos(activation.recordTime().getNano())).build()).getLedgerOffset();
    assertThat(offset).isGreaterThanOrEqualTo(activation.offset());
    assertCantonError(() -> p1.party.getHighestOffsetByTimestamp(GetHighestOffsetByTimestampRequest.newBuilder()
            .setSynchronizerId(run.syncId).setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1)).build()),
        "EXACT_RECORD_TIME_MATCH_NOT_FOUND", Status.Code.NOT_FOUND);
  }

  @Test
  void commitment_lookups_report_each_counter_participant() throws Exception {
    run.allocateParty("alice");
    String bob = net.participant("participant2").allocateParty("bob");
    p1.control.createContracts(CreateContractsRequest.newBuilder().setParty(run.party).addObservers(bob).setArgument("shared").build());
    Thread.sleep(net.engine().timings().reconciliationInterval().toMillis() + 100);
    net.engine().participant("participant1"); // keep both nodes observing time
    var received = p1.inspection.lookupReceivedAcsCommitments(LookupReceivedAcsCommitmentsRequest.newBuilder().setVerbose(true).build());
    assertThat(received.getReceived(0).getReceivedList())
        .anySatisfy(c -> {
          assertThat(c.getOriginCounterParticipantUid()).isEqualTo(p2.uid);
          assertThat(c.getState()).isIn(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MATCH);
        });
    var sent = p1.inspection.lookupSentAcsCommitments(LookupSentAcsCommitmentsRequest.getDefaultInstance());
    assertThat(sent.getSent(0).getSentList()).extracting(SentAcsCommitment::getDestCounterParticipantUid).contains(p2.uid);
    assertThat(List.of(received.getReceived(0).getSynchronizerId())).containsExactly(run.syncId);
  }
}
