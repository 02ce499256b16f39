package io.cantonrunbooks.cantonapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequestV34;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ModifySynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PackageServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantInspectionServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantRepairServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruneRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruningServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.RepresentativePackageIdOverride;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SafeToPruneCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectionConfig;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectivityServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.health.v30.NotInitialized;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLatestPrunedOffsetsResponse;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import io.cantonrunbooks.cantonapi.ledger.v2.admin.ParticipantPruningServiceGrpc;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant;
import io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant.HostingParticipant;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseQuery;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseResult;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.StoreId;
import io.cantonrunbooks.cantonapi.topology.admin.v30.Synchronizer;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerReadServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerWriteServiceGrpc;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Pins the encodings that must match Canton byte for byte.
 *
 * <p>Every expectation is written out by hand from the field tables in the reference, not produced
 * by the generated code, so that a change to a .proto file that breaks compatibility with a real
 * node fails here instead of against production.
 */
class WireCompatibilityTest {

  private static final String PARTICIPANT = "com.digitalasset.canton.admin.participant.v30.";
  private static final String TOPOLOGY = "com.digitalasset.canton.topology.admin.v30.";

  @Test
  void method_paths_are_cantons() {
    assertMethod(PartyManagementServiceGrpc.getAddPartyAsyncMethod(), PARTICIPANT + "PartyManagementService/AddPartyAsync", MethodType.UNARY);
    assertMethod(PartyManagementServiceGrpc.getExportPartyAcsMethod(), PARTICIPANT + "PartyManagementService/ExportPartyAcs", MethodType.SERVER_STREAMING);
    assertMethod(PartyManagementServiceGrpc.getImportPartyAcsMethod(), PARTICIPANT + "PartyManagementService/ImportPartyAcs", MethodType.CLIENT_STREAMING);
    assertMethod(PartyManagementServiceGrpc.getGetHighestOffsetByTimestampMethod(), PARTICIPANT + "PartyManagementService/GetHighestOffsetByTimestamp", MethodType.UNARY);
    assertMethod(PartyManagementServiceGrpc.getClearPartyOnboardingFlagMethod(), PARTICIPANT + "PartyManagementService/ClearPartyOnboardingFlag", MethodType.UNARY);
    assertMethod(ParticipantRepairServiceGrpc.getExportAcsMethod(), PARTICIPANT + "ParticipantRepairService/ExportAcs", MethodType.SERVER_STREAMING);
    assertMethod(ParticipantRepairServiceGrpc.getImportAcsMethod(), PARTICIPANT + "ParticipantRepairService/ImportAcs", MethodType.CLIENT_STREAMING);
    assertMethod(PruningServiceGrpc.getPruneMethod(), PARTICIPANT + "PruningService/Prune", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getGetSafePruningOffsetMethod(), PARTICIPANT + "PruningService/GetSafePruningOffset", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getSetScheduleMethod(), PARTICIPANT + "PruningService/SetSchedule", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getGetScheduleMethod(), PARTICIPANT + "PruningService/GetSchedule", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getClearScheduleMethod(), PARTICIPANT + "PruningService/ClearSchedule", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getSetParticipantScheduleMethod(), PARTICIPANT + "PruningService/SetParticipantSchedule", MethodType.UNARY);
    assertMethod(PruningServiceGrpc.getGetParticipantScheduleMethod(), PARTICIPANT + "PruningService/GetParticipantSchedule", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getDisconnectSynchronizerMethod(), PARTICIPANT + "SynchronizerConnectivityService/DisconnectSynchronizer", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getDisconnectAllSynchronizersMethod(), PARTICIPANT + "SynchronizerConnectivityService/DisconnectAllSynchronizers", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getReconnectSynchronizerMethod(), PARTICIPANT + "SynchronizerConnectivityService/ReconnectSynchronizer", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getReconnectSynchronizersMethod(), PARTICIPANT + "SynchronizerConnectivityService/ReconnectSynchronizers", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getListRegisteredSynchronizersMethod(), PARTICIPANT + "SynchronizerConnectivityService/ListRegisteredSynchronizers", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getListConnectedSynchronizersMethod(), PARTICIPANT + "SynchronizerConnectivityService/ListConnectedSynchronizers", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getModifySynchronizerMethod(), PARTICIPANT + "SynchronizerConnectivityService/ModifySynchronizer", MethodType.UNARY);
    assertMethod(SynchronizerConnectivityServiceGrpc.getGetSynchronizerIdMethod(), PARTICIPANT + "SynchronizerConnectivityService/GetSynchronizerId", MethodType.UNARY);
    assertMethod(PackageServiceGrpc.getListDarsMethod(), PARTICIPANT + "PackageService/ListDars", MethodType.UNARY);
    assertMethod(PackageServiceGrpc.getUploadDarMethod(), PARTICIPANT + "PackageService/UploadDar", MethodType.UNARY);
    assertMethod(PackageServiceGrpc.getVetDarMethod(), PARTICIPANT + "PackageService/VetDar", MethodType.UNARY);
    assertMethod(ParticipantStatusServiceGrpc.getParticipantStatusMethod(), PARTICIPANT + "ParticipantStatusService/ParticipantStatus", MethodType.UNARY);
    assertMethod(ParticipantInspectionServiceGrpc.getLookupReceivedAcsCommitmentsMethod(), PARTICIPANT + "ParticipantInspectionService/LookupReceivedAcsCommitments", MethodType.UNARY);
    assertMethod(ParticipantInspectionServiceGrpc.getLookupSentAcsCommitmentsMethod(), PARTICIPANT + "ParticipantInspectionService/LookupSentAcsCommitments", MethodType.UNARY);
    assertMethod(TopologyManagerWriteServiceGrpc.getAuthorizeMethod(), TOPOLOGY + "TopologyManagerWriteService/Authorize", MethodType.UNARY);
    assertMethod(TopologyManagerReadServiceGrpc.getListPartyToParticipantMethod(), TOPOLOGY + "TopologyManagerReadService/ListPartyToParticipant", MethodType.UNARY);
    assertMethod(TopologyManagerReadServiceGrpc.getListVettedPackagesMethod(), TOPOLOGY + "TopologyManagerReadService/ListVettedPackages", MethodType.UNARY);
    assertMethod(TopologyManagerReadServiceGrpc.getListNamespaceDelegationMethod(), TOPOLOGY + "TopologyManagerReadService/ListNamespaceDelegation", MethodType.UNARY);
    assertMethod(TopologyManagerReadServiceGrpc.getListDecentralizedNamespaceDefinitionMethod(), TOPOLOGY + "TopologyManagerReadService/ListDecentralizedNamespaceDefinition", MethodType.UNARY);
    assertMethod(TopologyManagerWriteServiceGrpc.getGenerateTransactionsMethod(), TOPOLOGY + "TopologyManagerWriteService/GenerateTransactions", MethodType.UNARY);
    assertMethod(TopologyManagerWriteServiceGrpc.getAddTransactionsMethod(), TOPOLOGY + "TopologyManagerWriteService/AddTransactions", MethodType.UNARY);
    assertMethod(StateServiceGrpc.getGetLedgerEndMethod(), "com.daml.ledger.api.v2.StateService/GetLedgerEnd", MethodType.UNARY);
    assertMethod(StateServiceGrpc.getGetLatestPrunedOffsetsMethod(), "com.daml.ledger.api.v2.StateService/GetLatestPrunedOffsets", MethodType.UNARY);
    assertMethod(StateServiceGrpc.getGetConnectedSynchronizersMethod(), "com.daml.ledger.api.v2.StateService/GetConnectedSynchronizers", MethodType.UNARY);
    assertMethod(ParticipantPruningServiceGrpc.getPruneMethod(), "com.daml.ledger.api.v2.admin.ParticipantPruningService/Prune", MethodType.UNARY);
  }

  @Test
  void party_to_participant_is_topology_mapping_case_9_with_the_onboarding_flag_as_1a_00() {
    var mapping =
        TopologyMapping.newBuilder()
            .setPartyToParticipant(
                PartyToParticipant.newBuilder()
                    .setParty("p")
                    .setThreshold(1)
                    .addParticipants(
                        HostingParticipant.newBuilder()
                            .setParticipantUid("q")
                            .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_CONFIRMATION)
                            .setOnboarding(HostingParticipant.Onboarding.getDefaultInstance())))
            .build();

    // 4A = field 9, length-delimited. Inside: party, threshold, one hosting participant whose
    // last two bytes 1A 00 are the present-but-empty onboarding message.
    assertThat(hex(mapping)).isEqualTo("4a0e" + "0a0170" + "1001" + "1a07" + "0a0171" + "1002" + "1a00");
  }

  @Test
  void a_hosting_participant_without_the_onboarding_flag_has_no_field_3() {
    var host =
        HostingParticipant.newBuilder()
            .setParticipantUid("q")
            .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_SUBMISSION)
            .build();

    assertThat(hex(host)).isEqualTo("0a0171" + "1001");
    assertThat(parse(HostingParticipant.parser(), "0a0171" + "1001" + "1a00").hasOnboarding()).isTrue();
  }

  @Test
  void party_signing_keys_pass_through_unchanged_at_field_6() {
    var bytes = "0a0170" + "1001" + "3203" + "0a0178";
    PartyToParticipant parsed = parse(PartyToParticipant.parser(), bytes);

    assertThat(parsed.hasPartySigningKeys()).isTrue();
    assertThat(hex(parsed)).isEqualTo(bytes);
  }

  @Test
  void import_party_acs_35_first_message_uses_fields_1_to_6_with_presence() {
    var first =
        ImportPartyAcsRequest.newBuilder()
            .setAcsSnapshot(ByteString.copyFrom(new byte[] {0x1f, (byte) 0x8b}))
            .setSynchronizerId("s")
            .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION)
            .setRepresentativePackageIdOverride(
                RepresentativePackageIdOverride.newBuilder().putContractOverride("c", "k"))
            .setPartyId("p")
            .build();

    assertThat(hex(first))
        .isEqualTo("0a021f8b" + "120173" + "2002" + "2a08" + "0a06" + "0a0163" + "12016b" + "320170");
  }

  @Test
  void import_party_acs_35_sends_optional_fields_that_hold_defaults_and_omits_unset_ones() {
    var explicitDefaults =
        ImportPartyAcsRequest.newBuilder()
            .setWorkflowIdPrefix("")
            .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_UNSPECIFIED)
            .build();
    var laterChunk =
        ImportPartyAcsRequest.newBuilder().setAcsSnapshot(ByteString.copyFrom(new byte[] {1})).build();

    assertThat(hex(explicitDefaults)).isEqualTo("1a00" + "2000");
    assertThat(hex(laterChunk)).isEqualTo("0a0101");
  }

  @Test
  void import_party_acs_34_layout_is_fields_1_to_4_without_presence() {
    var first =
        ImportPartyAcsRequestV34.newBuilder()
            .setAcsSnapshot(ByteString.copyFrom(new byte[] {0x1f, (byte) 0x8b}))
            .setWorkflowIdPrefix("w")
            .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION)
            .setRepresentativePackageIdOverride(
                RepresentativePackageIdOverride.newBuilder().putPackageNameOverride("n", "k"))
            .build();

    assertThat(hex(first)).isEqualTo("0a021f8b" + "120177" + "1802" + "2208" + "1a06" + "0a016e" + "12016b");
  }

  @Test
  void the_two_import_layouts_are_mutually_unreadable_rather_than_misapplied() {
    // A 3.5 node reading a 3.4 first message sees field 2 as the synchronizer id and finds no
    // import mode (field 3 is a varint where it expects a string), so it rejects the request.
    var v34 = "0a021f8b" + "120177" + "1802";
    ImportPartyAcsRequest asV35 = parse(ImportPartyAcsRequest.parser(), v34);

    assertThat(asV35.getSynchronizerId()).isEqualTo("w");
    assertThat(asV35.hasContractImportMode()).isFalse();
  }

  @Test
  void list_party_to_participant_results_are_at_field_2() {
    var response =
        ListPartyToParticipantResponse.newBuilder()
            .addResults(
                ListPartyToParticipantResponse.Result.newBuilder()
                    .setContext(BaseResult.newBuilder().setSerial(3))
                    .setV30(PartyToParticipant.newBuilder().setParty("p")))
            .build();

    assertThat(hex(response)).isEqualTo("1209" + "0a023803" + "1203" + "0a0170");
  }

  @Test
  void namespace_delegation_is_mapping_case_1_and_decentralized_namespace_case_3() {
    var root = io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping.newBuilder()
        .setNamespaceDelegation(io.cantonrunbooks.cantonapi.protocol.v30.NamespaceDelegation.newBuilder()
            .setNamespace("n")
            .setTargetKey(io.cantonrunbooks.cantonapi.crypto.v30.SigningPublicKey.newBuilder()
                .setFormat(io.cantonrunbooks.cantonapi.crypto.v30.CryptoKeyFormat.CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO)
                .setPublicKey(com.google.protobuf.ByteString.copyFrom(new byte[] {7}))
                .setKeySpec(io.cantonrunbooks.cantonapi.crypto.v30.SigningKeySpec.SIGNING_KEY_SPEC_EC_CURVE25519))
            .setCanSignAllMappings(io.cantonrunbooks.cantonapi.protocol.v30.NamespaceDelegation.CanSignAllMappings.getDefaultInstance()))
        .build();
    // case 1 { 1 "n", 2 key { 2 format=4, 3 bytes 07, 6 spec=1 }, 4 {} }
    assertThat(hex(root)).isEqualTo("0a0e" + "0a016e" + "1207" + "1004" + "1a0107" + "3001" + "2200");

    var decentralized = io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping.newBuilder()
        .setDecentralizedNamespaceDefinition(io.cantonrunbooks.cantonapi.protocol.v30.DecentralizedNamespaceDefinition.newBuilder()
            .setDecentralizedNamespace("d").setThreshold(2).addOwners("a").addOwners("b"))
        .build();
    assertThat(hex(decentralized)).isEqualTo("1a0b" + "0a0164" + "1002" + "1a0161" + "1a0162");
  }

  @Test
  void generated_transactions_carry_bytes_at_1_and_the_hash_at_2_and_add_takes_the_store_at_3() {
    var generated = io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsResponse.newBuilder()
        .addGeneratedTransactions(io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsResponse.GeneratedTransaction.newBuilder()
            .setSerializedTransaction(com.google.protobuf.ByteString.copyFrom(new byte[] {1}))
            .setTransactionHash(com.google.protobuf.ByteString.copyFrom(new byte[] {2})))
        .build();
    assertThat(hex(generated)).isEqualTo("0a06" + "0a0101" + "120102");

    var add = io.cantonrunbooks.cantonapi.topology.admin.v30.AddTransactionsRequest.newBuilder()
        .setStore(io.cantonrunbooks.cantonapi.topology.admin.v30.StoreId.newBuilder()
            .setSynchronizer(io.cantonrunbooks.cantonapi.topology.admin.v30.Synchronizer.newBuilder().setId("s")))
        .setWaitToBecomeEffective(Duration.newBuilder().setSeconds(1))
        .build();
    assertThat(hex(add)).isEqualTo("1a05" + "1203" + "0a0173" + "3a020801");
  }

  @Test
  void get_schedule_without_a_schedule_is_empty_and_reads_as_absent() {
    assertThat(hex(GetScheduleResponse.getDefaultInstance())).isEmpty();
    assertThat(parse(GetScheduleResponse.parser(), "").hasSchedule()).isFalse();

    var withSchedule =
        GetScheduleResponse.newBuilder()
            .setSchedule(
                PruningSchedule.newBuilder()
                    .setCron("c")
                    .setMaxDuration(Duration.newBuilder().setSeconds(60))
                    .setRetention(Duration.newBuilder().setSeconds(2)))
            .build();
    assertThat(hex(withSchedule)).isEqualTo("0a0b" + "0a0163" + "1202083c" + "1a020802");
  }

  @Test
  void the_internal_prune_takes_the_offset_at_1_and_the_commitment_state_at_2_only_when_set() {
    var plain = PruneRequest.newBuilder().setPruneUpTo(300).build();
    var withState =
        plain.toBuilder()
            .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_ALL)
            .build();
    // An explicitly chosen UNSPECIFIED is still sent: Canton refuses it, and the client must not
    // turn "unset" (the default rule) into it by accident.
    var explicitUnspecified =
        PruneRequest.newBuilder()
            .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_UNSPECIFIED)
            .build();

    assertThat(hex(plain)).isEqualTo("08ac02");
    assertThat(hex(withState)).isEqualTo("08ac02" + "1003");
    assertThat(hex(explicitUnspecified)).isEqualTo("1000");
    assertThat(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_MATCH.getNumber()).isEqualTo(1);
    assertThat(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_MATCH_MISMATCH.getNumber()).isEqualTo(2);
  }

  @Test
  void the_safe_offset_query_is_time_1_ledger_end_2_state_3_and_answers_1_or_an_empty_2() {
    var request =
        GetSafePruningOffsetRequest.newBuilder()
            .setBeforeOrAt(Timestamp.newBuilder().setSeconds(1))
            .setLedgerEnd(5)
            .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_MATCH_MISMATCH)
            .build();
    assertThat(hex(request)).isEqualTo("0a020801" + "1005" + "1802");

    var safe = GetSafePruningOffsetResponse.newBuilder().setSafePruningOffset(7).build();
    var none =
        GetSafePruningOffsetResponse.newBuilder()
            .setNoSafePruningOffset(GetSafePruningOffsetResponse.NoSafePruningOffset.getDefaultInstance())
            .build();
    assertThat(hex(safe)).isEqualTo("0807");
    assertThat(hex(none)).isEqualTo("1200");
    // Offset 0 is never a safe offset, but a present 0 must still read as "an offset", not "none".
    assertThat(parse(GetSafePruningOffsetResponse.parser(), "0800").hasSafePruningOffset()).isTrue();
  }

  @Test
  void the_ledger_api_prune_is_offset_1_submission_id_2_divulged_flag_3() {
    var request =
        io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneRequest.newBuilder()
            .setPruneUpTo(9)
            .setSubmissionId("s")
            .setPruneAllDivulgedContracts(true)
            .build();

    assertThat(hex(request)).isEqualTo("0809" + "120173" + "1801");
    assertThat(hex(io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneResponse.getDefaultInstance())).isEmpty();
  }

  @Test
  void clear_onboarding_flag_response_carries_the_retry_time_only_when_not_onboarded() {
    var notYet =
        ClearPartyOnboardingFlagResponse.newBuilder()
            .setOnboarded(false)
            .setEarliestRetryTimestamp(Timestamp.newBuilder().setSeconds(1))
            .build();

    assertThat(hex(notYet)).isEqualTo("12020801");
    assertThat(hex(ClearPartyOnboardingFlagResponse.newBuilder().setOnboarded(true).build())).isEqualTo("0801");
  }

  @Test
  void a_synchronizer_config_survives_read_modify_write_byte_for_byte() {
    // alias "a", opaque sequencer connections, manual_connect unset, opaque time tracker, and an
    // unknown field 11 that a newer server might add.
    var stored = "0a0161" + "12020801" + "42021005" + "5801";
    SynchronizerConnectionConfig config = parse(SynchronizerConnectionConfig.parser(), stored);

    var modified = config.toBuilder().setManualConnect(true).build();

    assertThat(hex(modified)).isEqualTo("0a0161" + "12020801" + "1801" + "42021005" + "5801");
  }

  @Test
  void modify_synchronizer_leaves_the_physical_id_unset_and_disables_validation() {
    var request =
        ModifySynchronizerRequest.newBuilder()
            .setNewConfig(SynchronizerConnectionConfig.newBuilder().setSynchronizerAlias("a"))
            .setSequencerConnectionValidation(
                SequencerConnectionValidation.SEQUENCER_CONNECTION_VALIDATION_DISABLED)
            .build();

    assertThat(hex(request)).isEqualTo("1203" + "0a0161" + "1801");
  }

  @Test
  void authorize_by_hash_targets_the_synchronizer_store() {
    var request =
        AuthorizeRequest.newBuilder()
            .setTransactionHash("ab")
            .setStore(StoreId.newBuilder().setSynchronizer(Synchronizer.newBuilder().setId("s")))
            .build();

    assertThat(hex(request)).isEqualTo("12026162" + "3205" + "1203" + "0a0173");
  }

  @Test
  void a_head_state_query_sets_the_empty_time_query_member() {
    var query = BaseQuery.newBuilder().setHeadState(Empty.getDefaultInstance()).build();

    assertThat(hex(query)).isEqualTo("3200");
  }

  @Test
  void a_not_initialized_node_reports_its_version_at_field_3() {
    var response =
        ParticipantStatusResponse.newBuilder()
            .setNotInitialized(NotInitialized.newBuilder().setVersion("3.5"))
            .build();

    assertThat(hex(response)).isEqualTo("1205" + "1a03332e35");
  }

  @Test
  void a_snapshot_record_is_a_delimited_versioned_admin_wrapper_of_a_ledger_contract()
      throws IOException {
    var ledgerContract =
        io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract.newBuilder().setSynchronizerId("s").build();
    var wrapper = ActiveContract.newBuilder().setActiveContract(ledgerContract.toByteString()).build();
    var record =
        UntypedVersionedMessage.newBuilder().setData(wrapper.toByteString()).setVersion(30).build();

    var plain = new ByteArrayOutputStream();
    record.writeDelimitedTo(plain);
    record.writeDelimitedTo(plain);

    // varint length 9, then data (field 1) = wrapper (field 1) = ledger contract, then version 30.
    var oneRecord = "09" + "0a05" + "0a03" + "120173" + "101e";
    assertThat(HexFormat.of().formatHex(plain.toByteArray())).isEqualTo(oneRecord + oneRecord);

    // The stream on the wire and on disk is the same bytes inside one gzip member.
    var gz = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(gz)) {
      out.write(plain.toByteArray());
    }
    byte[] gzipped = gz.toByteArray();
    assertThat(HexFormat.of().formatHex(gzipped, 0, 2)).isEqualTo("1f8b");
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      var first = UntypedVersionedMessage.parseDelimitedFrom(in);
      assertThat(first.getVersion()).isEqualTo(30);
      var inner = ActiveContract.parseFrom(first.getData());
      assertThat(io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract.parseFrom(inner.getActiveContract()).getSynchronizerId())
          .isEqualTo("s");
    }
  }

  @Test
  void latest_pruned_offsets_are_fields_1_and_2() throws Exception {
    var encoded = GetLatestPrunedOffsetsResponse.newBuilder()
        .setParticipantPrunedUpToInclusive(300)
        .setAllDivulgedContractsPrunedUpToInclusive(2)
        .build()
        .toByteArray();
    // field 1 varint 300 (ac 02), field 2 varint 2
    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("08ac021002");
  }

  private static void assertMethod(MethodDescriptor<?, ?> method, String fullName, MethodType type) {
    assertThat(method.getFullMethodName()).isEqualTo(fullName);
    assertThat(method.getType()).as(fullName).isEqualTo(type);
  }

  private static String hex(com.google.protobuf.MessageLite message) {
    return HexFormat.of().formatHex(message.toByteArray());
  }

  private static <T> T parse(com.google.protobuf.Parser<T> parser, String hex) {
    try {
      return parser.parseFrom(HexFormat.of().parseHex(hex));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
