package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantRepairServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.RepresentativePackageIdOverride;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ImportOptions;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;

/** Admin ParticipantRepairService: the generic ACS export and import. */
final class RepairService extends ParticipantRepairServiceGrpc.ParticipantRepairServiceImplBase {
  private final SimulatedNetwork net;
  private final Participant participant;
  private final FaultPlan faults;

  RepairService(SimulatedNetwork net, Participant participant, FaultPlan faults) {
    this.net = net;
    this.participant = participant;
    this.faults = faults;
  }

  @Override
  public void exportAcs(ExportAcsRequest request, StreamObserver<ExportAcsResponse> responses) {
    List<Contract> contracts;
    String target = request.getSynchronizerId().isEmpty() ? net.synchronizerId() : request.getSynchronizerId();
    if (request.getContractSynchronizerRenamesMap().containsKey(target)) {
      target = request.getContractSynchronizerRenamesMap().get(target).getTargetSynchronizerId();
    }
    try {
      contracts =
          participant.exportAcs(
              Set.copyOf(request.getPartyIdsList()),
              request.getSynchronizerId(),
              request.getLedgerOffset(),
              Set.copyOf(request.getExcludedStakeholderIdsList()));
    } catch (RuntimeException e) {
      responses.onError(Errors.toStatus(e));
      return;
    }
    AcsSnapshotCodec.write(
        contracts,
        target,
        chunk -> {
          responses.onNext(ExportAcsResponse.newBuilder().setChunk(chunk).build());
          faults.afterChunk(ParticipantRepairServiceGrpc.getExportAcsMethod().getFullMethodName());
        });
    responses.onCompleted();
  }

  @Override
  public StreamObserver<ImportAcsRequest> importAcs(StreamObserver<ImportAcsResponse> responses) {
    return new ImportStream<>(
        participant,
        faults,
        ParticipantRepairServiceGrpc.getImportAcsMethod().getFullMethodName(),
        false,
        RepairService::options,
        ImportAcsRequest::getAcsSnapshot,
        responses,
        ImportAcsResponse.getDefaultInstance());
  }

  private static ImportOptions options(ImportAcsRequest first) {
    if (!first.hasSynchronizerId() || first.getSynchronizerId().isEmpty()) {
      throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field synchronizer_id is required");
    }
    if (!first.hasContractImportMode()
        || first.getContractImportMode() == ContractImportMode.CONTRACT_IMPORT_MODE_UNSPECIFIED
        || first.getContractImportMode() == ContractImportMode.UNRECOGNIZED) {
      throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field contract_import_mode is required");
    }
    RepresentativePackageIdOverride o = first.getRepresentativePackageIdOverride();
    return new ImportOptions(
        false,
        first.getSynchronizerId(),
        PartyManagementService.mode(first.getContractImportMode()),
        null,
        first.hasWorkflowIdPrefix() ? first.getWorkflowIdPrefix() : null,
        o.getContractOverrideMap(),
        o.getPackageIdOverrideMap(),
        o.getPackageNameOverrideMap(),
        Set.copyOf(first.getExcludedStakeholderIdsList()));
  }
}
