package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.cantonrunbooks.cantonapi.admin.participant.v30.AddPartyAsyncRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetHighestOffsetByTimestampRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.Interval;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ModifySynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruningServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitmentPerSynchronizer;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectionConfig;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectivityServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.VetDarRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant;
import io.cantonrunbooks.cantonapi.protocol.v30.SignedTopologyTransaction;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyTransaction;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseResult;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesResponse;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every unary command of the client against a hand-written in-process participant. */
class ParticipantClientTest {

  private static final String SYNC = "global::1220cd";
  private static final String ALICE = "alice::1220ab";
  private static final String P1 = "participant1::1220aa";
  private static final String P2 = "participant2::1220ef";

  private FakeParticipant node;
  private ParticipantClient client;

  @BeforeEach
  void start() throws Exception {
    node = new FakeParticipant();
    client = node.client();
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
  }

  @Test
  void health_status_reports_version_uid_and_connections() {
    var status = client.health().status();

    assertThat(status.initialized()).isTrue();
    assertThat(status.uid()).isEqualTo(P2);
    assertThat(status.version()).isEqualTo("3.5.2");
    assertThat(status.uptime()).contains(Duration.ofSeconds(90));
    assertThat(status.connectedSynchronizers())
        .containsExactly(new ParticipantStatus.SynchronizerHealth("global::1220cd::35-0", true));
    assertThat(status.supportedProtocolVersions()).containsExactly(34, 35);
    assertThat(client.health().version()).isEqualTo(CantonVersion.parse("3.5.2"));
  }

  @Test
  void a_node_that_is_not_initialized_still_reports_its_version() {
    node.version = "not-initialized";

    var status = client.health().status();

    assertThat(status.initialized()).isFalse();
    assertThat(status.version()).isEqualTo("3.5.2");
  }

  @Test
  void ledger_end_comes_from_the_ledger_api() {
    node.ledgerEnd = 1234;

    assertThat(client.ledger().ledgerEnd()).isEqualTo(1234);
  }

  @Test
  void get_schedule_is_empty_when_no_schedule_is_set_and_round_trips_one_that_is() {
    assertThat(client.pruning().getSchedule()).isEmpty();

    var schedule = new PruningSchedule("0 0 1 * * ?", Duration.ofHours(1), Duration.ofDays(30));
    client.pruning().setSchedule(schedule);

    assertThat(node.received(SetScheduleRequest.class).get(0).getSchedule().getRetention().getSeconds())
        .isEqualTo(30 * 24 * 3600);
    assertThat(client.pruning().getSchedule()).contains(schedule);

    client.pruning().clearSchedule();
    assertThat(client.pruning().getSchedule()).isEmpty();
  }

  @Test
  void set_manual_connect_writes_back_the_stored_config_with_only_the_flag_changed() {
    var stored =
        SynchronizerConnectionConfig.newBuilder()
            .setSynchronizerAlias("global")
            .setSequencerConnections(ByteString.copyFrom(new byte[] {0x0a, 0x02, 0x08, 0x01}))
            .setTimeTracker(ByteString.copyFrom(new byte[] {0x10, 0x05}))
            .setPriority(3)
            .build();
    node.registered.add(
        ListRegisteredSynchronizersResponse.Result.newBuilder()
            .setConfig(stored)
            .setConnected(true)
            .setPhysicalSynchronizerId("global::1220cd::35-0")
            .setStatus(ListRegisteredSynchronizersResponse.Status.STATUS_ACTIVE)
            .build());

    boolean previous = client.synchronizers().setManualConnect("global", true);

    assertThat(previous).isFalse();
    ModifySynchronizerRequest sent = node.received(ModifySynchronizerRequest.class).get(0);
    assertThat(sent.hasPhysicalSynchronizerId()).isFalse();
    assertThat(sent.getSequencerConnectionValidation())
        .isEqualTo(SequencerConnectionValidation.SEQUENCER_CONNECTION_VALIDATION_DISABLED);
    assertThat(sent.getNewConfig()).isEqualTo(stored.toBuilder().setManualConnect(true).build());
  }

  @Test
  void set_manual_connect_writes_nothing_when_the_flag_is_already_set() {
    node.registered.add(
        ListRegisteredSynchronizersResponse.Result.newBuilder()
            .setConfig(SynchronizerConnectionConfig.newBuilder().setSynchronizerAlias("global").setManualConnect(true))
            .setStatus(ListRegisteredSynchronizersResponse.Status.STATUS_ACTIVE)
            .build());

    assertThat(client.synchronizers().setManualConnect("global", true)).isTrue();
    assertThat(node.received(ModifySynchronizerRequest.class)).isEmpty();
  }

  @Test
  void set_manual_connect_on_an_unknown_alias_is_a_not_found_call_failure() {
    assertThatThrownBy(() -> client.synchronizers().setManualConnect("nope", true))
        .isInstanceOfSatisfying(
            CantonCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.retryable()).isFalse();
              assertThat(e.call()).isEqualTo("synchronizers.modify");
            });
  }

  @Test
  void registered_synchronizers_map_alias_flags_and_physical_id() {
    node.registered.add(
        ListRegisteredSynchronizersResponse.Result.newBuilder()
            .setConfig(SynchronizerConnectionConfig.newBuilder().setSynchronizerAlias("global").setManualConnect(true).setPriority(2))
            .setConnected(false)
            .setPhysicalSynchronizerId("global::1220cd::35-0")
            .setStatus(ListRegisteredSynchronizersResponse.Status.STATUS_ACTIVE)
            .build());

    assertThat(client.synchronizers().listRegistered(false))
        .containsExactly(
            new RegisteredSynchronizer(
                "global", false, true, Optional.of("global::1220cd::35-0"), 2, RegisteredSynchronizer.Status.ACTIVE));
  }

  @Test
  void connectivity_commands_send_the_alias_and_flags() {
    client.synchronizers().disconnect("global");
    client.synchronizers().disconnectAll();
    assertThat(client.synchronizers().reconnect("global", true, Duration.ofSeconds(5))).isTrue();
    client.synchronizers().reconnectAll(true, Duration.ofSeconds(5));

    assertThat(node.received(DisconnectSynchronizerRequest.class).get(0).getSynchronizerAlias()).isEqualTo("global");
    var reconnect = node.received(ReconnectSynchronizerRequest.class).get(0);
    assertThat(reconnect.getSynchronizerAlias()).isEqualTo("global");
    assertThat(reconnect.getRetry()).isTrue();
    assertThat(node.received(ReconnectSynchronizersRequest.class).get(0).getIgnoreFailures()).isTrue();
    assertThat(client.synchronizers().listConnected())
        .containsExactly(new ConnectedSynchronizer("global", SYNC, "global::1220cd::35-0", true));
    assertThat(client.synchronizers().getSynchronizerId("global"))
        .isEqualTo(new SynchronizerIds(SYNC, "global::1220cd::35-0"));
  }

  @Test
  void clear_onboarding_flag_maps_not_yet_with_its_retry_time() {
    node.clearReply =
        ClearPartyOnboardingFlagResponse.newBuilder()
            .setOnboarded(false)
            .setEarliestRetryTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000))
            .build();

    var status = client.parties().clearPartyOnboardingFlag(ALICE, SYNC, 10, Optional.of(Duration.ofSeconds(5)));

    assertThat(status).isEqualTo(new OnboardingFlagStatus(false, Optional.of(Instant.ofEpochSecond(1_700_000_000))));
    var sent = node.received(ClearPartyOnboardingFlagRequest.class).get(0);
    assertThat(sent.getBeginOffsetExclusive()).isEqualTo(10);
    assertThat(sent.getWaitForActivationTimeout().getSeconds()).isEqualTo(5);
  }

  @Test
  void clear_onboarding_flag_maps_done_without_a_time() {
    node.clearReply = ClearPartyOnboardingFlagResponse.newBuilder().setOnboarded(true).build();

    assertThat(client.parties().clearPartyOnboardingFlag(ALICE, SYNC, 10, Optional.empty()))
        .isEqualTo(new OnboardingFlagStatus(true, Optional.empty()));
  }

  @Test
  void highest_offset_by_timestamp_sends_time_and_force() {
    assertThat(client.parties().getHighestOffsetByTimestamp(SYNC, Instant.ofEpochSecond(5, 7), true)).isEqualTo(17);

    var sent = node.received(GetHighestOffsetByTimestampRequest.class).get(0);
    assertThat(sent.getTimestamp().getNanos()).isEqualTo(7);
    assertThat(sent.getForce()).isTrue();
  }

  @Test
  void add_party_async_uses_the_nested_arguments_layout() {
    assertThat(client.parties().addPartyAsync(ALICE, SYNC, P1, 4, ParticipantPermission.OBSERVATION)).isEqualTo("12ab");

    var args = node.received(AddPartyAsyncRequest.class).get(0).getArguments();
    assertThat(args.getTopologySerial()).isEqualTo(4);
    assertThat(args.getParticipantPermissionValue()).isEqualTo(3);
  }

  @Test
  void party_to_participant_listing_separates_effective_mappings_from_proposals() {
    node.effective.add(row(ALICE, 2, false));
    node.effective.add(row("alice2::1220ab", 1, false)); // prefix match the node would also return
    node.proposals.add(row(ALICE, 3, true));

    var effective = client.topology().partyToParticipant(SYNC, ALICE).orElseThrow();
    var pending = client.topology().pendingPartyToParticipant(SYNC, ALICE);

    assertThat(effective.serial()).isEqualTo(2);
    assertThat(effective.proposal()).isFalse();
    assertThat(effective.participants())
        .containsExactly(
            new HostingParticipant(P1, ParticipantPermission.SUBMISSION, false),
            new HostingParticipant(P2, ParticipantPermission.CONFIRMATION, false));
    assertThat(effective.validFrom()).contains(Instant.ofEpochSecond(100));
    assertThat(effective.transactionHash()).isEqualTo("1220ff");
    assertThat(effective.signedBy()).containsExactly("1220aa");
    assertThat(pending).singleElement().satisfies(p -> {
      assertThat(p.proposal()).isTrue();
      assertThat(p.isOnboarding(P2)).isTrue();
    });
    var queries = node.received(ListPartyToParticipantRequest.class);
    assertThat(queries).extracting(q -> q.getBaseQuery().getProposals()).containsExactly(false, true);
    assertThat(queries.get(0).getBaseQuery().hasHeadState()).isTrue();
    assertThat(queries.get(0).getBaseQuery().getStore().getSynchronizer().getId()).isEqualTo(SYNC);
    assertThat(queries.get(0).getFilterParty()).isEqualTo(ALICE);
  }

  @Test
  void authorize_sends_the_full_mapping_with_the_onboarding_flag_and_maps_the_signed_result() {
    node.authorizeReply = signed(3, true, "1220aa");
    var proposal =
        new PartyToParticipantProposal(
            ALICE,
            1,
            List.of(
                new HostingParticipant(P1, ParticipantPermission.SUBMISSION, false),
                new HostingParticipant(P2, ParticipantPermission.OBSERVATION, true)),
            3,
            Optional.of(PartySigningKeys.of(new byte[] {1, 2, 3})));

    var change =
        client.topology().authorizePartyToParticipant(
            SYNC,
            proposal,
            new AuthorizeOptions(false, Optional.of(Duration.ofSeconds(10)), Set.of("ALLOW_UNKNOWN_PACKAGE")));

    assertThat(change).isEqualTo(new TopologyChange(3, true, List.of("1220aa")));
    AuthorizeRequest sent = node.received(AuthorizeRequest.class).get(0);
    assertThat(sent.getProposal().getChange()).isEqualTo(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE);
    assertThat(sent.getProposal().getSerial()).isEqualTo(3);
    var mapping = sent.getProposal().getV30().getPartyToParticipant();
    assertThat(mapping.getParticipants(0).hasOnboarding()).isFalse();
    assertThat(mapping.getParticipants(1).hasOnboarding()).isTrue();
    assertThat(mapping.getParticipants(1).getPermission())
        .isEqualTo(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_OBSERVATION);
    assertThat(mapping.getPartySigningKeys().toByteArray()).containsExactly(1, 2, 3);
    assertThat(sent.getStore().getSynchronizer().getId()).isEqualTo(SYNC);
    assertThat(sent.getWaitToBecomeEffective().getSeconds()).isEqualTo(10);
    assertThat(sent.getForceChangesList()).extracting(Enum::name).containsExactly("FORCE_FLAG_ALLOW_UNKNOWN_PACKAGE");
  }

  @Test
  void authorize_by_hash_co_signs_a_pending_proposal() {
    node.authorizeReply = signed(3, false, "1220aa", "1220ef");

    var change = client.topology().authorizeByHash(SYNC, "1220ff", AuthorizeOptions.proposeOnly());

    assertThat(change.proposal()).isFalse();
    assertThat(change.signedBy()).containsExactly("1220aa", "1220ef");
    assertThat(node.received(AuthorizeRequest.class).get(0).getTransactionHash()).isEqualTo("1220ff");
  }

  @Test
  void vetted_packages_merge_the_deprecated_flat_list_and_honour_bounds() {
    node.vettedReply =
        ListVettedPackagesResponse.newBuilder()
            .addResults(
                ListVettedPackagesResponse.Result.newBuilder()
                    .setContext(BaseResult.newBuilder().setSerial(5))
                    .setItem(
                        io.cantonrunbooks.cantonapi.protocol.v30.VettedPackages.newBuilder()
                            .setParticipantUid(P2)
                            .addPackageIds("old")
                            .addPackages(
                                io.cantonrunbooks.cantonapi.protocol.v30.VettedPackages.VettedPackage.newBuilder()
                                    .setPackageId("new")
                                    .setValidUntilExclusive(Timestamp.newBuilder().setSeconds(100)))))
            .build();

    var vetting = client.topology().listVettedPackages(SYNC, P2).get(0);

    assertThat(vetting.serial()).isEqualTo(5);
    assertThat(vetting.isVetted("old", Instant.ofEpochSecond(1000))).isTrue();
    assertThat(vetting.isVetted("new", Instant.ofEpochSecond(99))).isTrue();
    assertThat(vetting.isVetted("new", Instant.ofEpochSecond(100))).isFalse();
    assertThat(vetting.isVetted("other", Instant.ofEpochSecond(1))).isFalse();
  }

  @Test
  void package_commands_set_vetting_explicitly() {
    assertThat(client.packages().listDars(0, "mo")).containsExactly(new Dar("abc", "model", "1.0.0", ""));
    assertThat(client.packages().uploadDar(new byte[] {1}, true, false, Optional.of(SYNC))).containsExactly("abc");
    client.packages().vetDar("abc", true, Optional.empty());

    var upload = node.received(UploadDarRequest.class).get(0);
    assertThat(upload.getVetAllPackages()).isTrue();
    assertThat(upload.getSynchronizerId()).isEqualTo(SYNC);
    var vet = node.received(VetDarRequest.class).get(0);
    assertThat(vet.getSynchronize()).isTrue();
    assertThat(vet.hasSynchronizerId()).isFalse();
  }

  @Test
  void received_commitments_are_filtered_by_state_and_mapped() {
    node.receivedReply =
        LookupReceivedAcsCommitmentsResponse.newBuilder()
            .addReceived(
                ReceivedAcsCommitmentPerSynchronizer.newBuilder()
                    .setSynchronizerId(SYNC)
                    .addReceived(
                        ReceivedAcsCommitment.newBuilder()
                            .setInterval(
                                Interval.newBuilder()
                                    .setStartTickExclusive(Timestamp.newBuilder().setSeconds(60))
                                    .setEndTickInclusive(Timestamp.newBuilder().setSeconds(120)))
                            .setOriginCounterParticipantUid(P1)
                            .setState(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH)))
            .build();

    var found =
        client.commitments().lookupReceived(
            CommitmentQuery.between(SYNC, Instant.ofEpochSecond(0), Instant.ofEpochSecond(600))
                .onlyIn(CommitmentState.MISMATCH));

    assertThat(found)
        .containsExactly(
            new AcsCommitment(SYNC, P1, Instant.ofEpochSecond(60), Instant.ofEpochSecond(120), CommitmentState.MISMATCH));
    var sent = node.received(LookupReceivedAcsCommitmentsRequest.class).get(0);
    assertThat(sent.getCommitmentStateList()).containsExactly(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH);
    assertThat(sent.getTimeRanges(0).getInterval().getToInclusive().getSeconds()).isEqualTo(600);
  }

  @Test
  void a_failed_call_names_node_call_code_and_error_id() {
    node.failNext(
        PruningServiceGrpc.getGetScheduleMethod().getFullMethodName(),
        Status.UNAVAILABLE.withDescription("SERVICE_NOT_RUNNING(1,0a1b2c3d): passive replica"));

    assertThatThrownBy(() -> client.pruning().getSchedule())
        .isInstanceOfSatisfying(
            CantonCallException.class,
            e -> {
              assertThat(e.node()).isEqualTo("participant2");
              assertThat(e.call()).isEqualTo("pruning.get_schedule");
              assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.errorId()).contains("SERVICE_NOT_RUNNING");
              assertThat(e.causeText()).isEqualTo("passive replica");
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void a_failure_with_rich_status_details_reaches_the_client_with_its_error_id() {
    var rich =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.FAILED_PRECONDITION.value())
            .setMessage("INVALID_STATE_PARTY_MANAGEMENT_ERROR(9,abc): not connected")
            .addDetails(
                com.google.protobuf.Any.pack(
                    com.google.rpc.ErrorInfo.newBuilder().setReason("INVALID_STATE_PARTY_MANAGEMENT_ERROR").build()))
            .build();
    var asException = io.grpc.protobuf.StatusProto.toStatusRuntimeException(rich);
    node.failNext(
        PartyManagementServiceGrpc.getClearPartyOnboardingFlagMethod().getFullMethodName(),
        asException.getStatus(),
        asException.getTrailers());

    assertThatThrownBy(() -> client.parties().clearPartyOnboardingFlag(ALICE, SYNC, 1, Optional.empty()))
        .isInstanceOfSatisfying(
            CantonCallException.class,
            e -> {
              assertThat(e.errorId()).contains("INVALID_STATE_PARTY_MANAGEMENT_ERROR");
              assertThat(e.causeText()).isEqualTo("not connected");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void a_call_that_outlives_its_deadline_is_a_retryable_deadline_failure() {
    node.failNext(
        SynchronizerConnectivityServiceGrpc.getDisconnectAllSynchronizersMethod().getFullMethodName(),
        Status.DEADLINE_EXCEEDED);

    assertThatThrownBy(() -> client.synchronizers().disconnectAll())
        .isInstanceOfSatisfying(CantonCallException.class, e -> assertThat(e.retryable()).isTrue());
  }

  private static ListPartyToParticipantResponse.Result row(String party, int serial, boolean onboardingP2) {
    var p2 =
        PartyToParticipant.HostingParticipant.newBuilder()
            .setParticipantUid(P2)
            .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_CONFIRMATION);
    if (onboardingP2) {
      p2.setOnboarding(PartyToParticipant.HostingParticipant.Onboarding.getDefaultInstance());
    }
    return ListPartyToParticipantResponse.Result.newBuilder()
        .setContext(
            BaseResult.newBuilder()
                .setSerial(serial)
                .setValidFrom(Timestamp.newBuilder().setSeconds(100))
                .setTransactionHash(ByteString.copyFrom(new byte[] {0x12, 0x20, (byte) 0xff}))
                .addSignedByFingerprints("1220aa"))
        .setV30(
            PartyToParticipant.newBuilder()
                .setParty(party)
                .setThreshold(1)
                .addParticipants(
                    PartyToParticipant.HostingParticipant.newBuilder()
                        .setParticipantUid(P1)
                        .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_SUBMISSION))
                .addParticipants(p2))
        .build();
  }

  private static AuthorizeResponse signed(int serial, boolean proposal, String... signers) {
    var tx =
        TopologyTransaction.newBuilder()
            .setOperation(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
            .setSerial(serial)
            .setMapping(TopologyMapping.getDefaultInstance())
            .build();
    var signedTx =
        SignedTopologyTransaction.newBuilder()
            .setTransaction(UntypedVersionedMessage.newBuilder().setData(tx.toByteString()).setVersion(30).build().toByteString())
            .setProposal(proposal);
    for (String s : signers) {
      signedTx.addSignatures(io.cantonrunbooks.cantonapi.crypto.v30.Signature.newBuilder().setSignedBy(s));
    }
    return AuthorizeResponse.newBuilder().setTransaction(signedTx).build();
  }
}
