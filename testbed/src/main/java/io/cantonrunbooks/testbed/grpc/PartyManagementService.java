package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.admin.participant.v30.AddPartyAsyncRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.AddPartyAsyncResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetHighestOffsetByTimestampRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetHighestOffsetByTimestampResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.RepresentativePackageIdOverride;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Ids;
import io.cantonrunbooks.testbed.engine.ImportOptions;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;

/** Admin PartyManagementService: offline party replication export, import and flag clearance. */
final class PartyManagementService extends PartyManagementServiceGrpc.PartyManagementServiceImplBase {
  private static final Duration DEFAULT_ACTIVATION_WAIT = Duration.ofMinutes(2);

  private final SimulatedNetwork net;
  private final Participant participant;
  private final FaultPlan faults;

  PartyManagementService(SimulatedNetwork net, Participant participant, FaultPlan faults) {
    this.net = net;
    this.participant = participant;
    this.faults = faults;
  }

  @Override
  public void addPartyAsync(AddPartyAsyncRequest request, StreamObserver<AddPartyAsyncResponse> responses) {
    // Online party replication is alpha and off by default: a plain UNIMPLEMENTED, as on a real node.
    responses.onError(
        Status.UNIMPLEMENTED.withDescription("alpha-online-party-replication-support is not enabled").asRuntimeException());
  }

  @Override
  public void exportPartyAcs(ExportPartyAcsRequest request, StreamObserver<ExportPartyAcsResponse> responses) {
    Participant.AcsExport export;
    try {
      Duration wait =
          request.hasWaitForActivationTimeout()
              ? Protos.duration(request.getWaitForActivationTimeout())
              : DEFAULT_ACTIVATION_WAIT;
      export =
          participant.exportPartyAcs(
              request.getPartyId(),
              request.getSynchronizerId(),
              request.getTargetParticipantUid(),
              request.getBeginOffsetExclusive(),
              wait);
    } catch (RuntimeException e) {
      responses.onError(Errors.toStatus(e));
      return;
    }
    AcsSnapshotCodec.write(
        export.contracts(),
        net.synchronizerId(),
        chunk -> {
          responses.onNext(ExportPartyAcsResponse.newBuilder().setChunk(chunk).build());
          faults.afterChunk(PartyManagementServiceGrpc.getExportPartyAcsMethod().getFullMethodName());
        });
    responses.onCompleted();
  }

  @Override
  public StreamObserver<ImportPartyAcsRequest> importPartyAcs(StreamObserver<ImportPartyAcsResponse> responses) {
    return new ImportStream<>(
        participant,
        faults,
        PartyManagementServiceGrpc.getImportPartyAcsMethod().getFullMethodName(),
        true,
        PartyManagementService::options,
        ImportPartyAcsRequest::getAcsSnapshot,
        responses,
        ImportPartyAcsResponse.getDefaultInstance());
  }

  private static ImportOptions options(ImportPartyAcsRequest first) {
    if (!first.hasSynchronizerId() || first.getSynchronizerId().isEmpty()) {
      throw CantonErrors.partyArgument("synchronizer_id is required in the first message");
    }
    if (!first.hasContractImportMode()
        || first.getContractImportMode() == ContractImportMode.CONTRACT_IMPORT_MODE_UNSPECIFIED
        || first.getContractImportMode() == ContractImportMode.UNRECOGNIZED) {
      throw CantonErrors.partyArgument("contract_import_mode is required in the first message");
    }
    String party = first.hasPartyId() ? first.getPartyId() : null;
    if (party != null && !Ids.isUid(party)) {
      throw CantonErrors.partyArgument("Invalid party id " + party);
    }
    RepresentativePackageIdOverride o = first.getRepresentativePackageIdOverride();
    return new ImportOptions(
        true,
        first.getSynchronizerId(),
        mode(first.getContractImportMode()),
        party,
        first.hasWorkflowIdPrefix() ? first.getWorkflowIdPrefix() : null,
        o.getContractOverrideMap(),
        o.getPackageIdOverrideMap(),
        o.getPackageNameOverrideMap(),
        Set.of());
  }

  static ImportOptions.Mode mode(ContractImportMode mode) {
    return mode == ContractImportMode.CONTRACT_IMPORT_MODE_ACCEPT ? ImportOptions.Mode.ACCEPT : ImportOptions.Mode.VALIDATION;
  }

  @Override
  public void clearPartyOnboardingFlag(
      ClearPartyOnboardingFlagRequest request, StreamObserver<ClearPartyOnboardingFlagResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          Duration wait =
              request.hasWaitForActivationTimeout()
                  ? Protos.duration(request.getWaitForActivationTimeout())
                  : DEFAULT_ACTIVATION_WAIT;
          Participant.ClearanceStatus status =
              participant.clearOnboardingFlag(
                  request.getPartyId(), request.getSynchronizerId(), request.getBeginOffsetExclusive(), wait);
          var b = ClearPartyOnboardingFlagResponse.newBuilder().setOnboarded(status.onboarded());
          if (!status.onboarded() && status.earliestRetry() != null) {
            b.setEarliestRetryTimestamp(Protos.timestamp(status.earliestRetry()));
          }
          return b.build();
        });
  }

  @Override
  public void getHighestOffsetByTimestamp(
      GetHighestOffsetByTimestampRequest request, StreamObserver<GetHighestOffsetByTimestampResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (!request.hasTimestamp()) {
            throw CantonErrors.partyArgument("timestamp is required");
          }
          long offset =
              participant.highestOffsetByTimestamp(
                  request.getSynchronizerId(), Protos.instant(request.getTimestamp()), request.getForce());
          return GetHighestOffsetByTimestampResponse.newBuilder().setLedgerOffset(offset).build();
        });
  }

  /** Error factories shared by the party and repair endpoints. */
  static final class CantonErrors {
    private CantonErrors() {}

    static CantonError partyArgument(String cause) {
      return new CantonError("INVALID_ARGUMENT_PARTY_MANAGEMENT_ERROR", 8, cause);
    }
  }
}
