package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.testbed.v1.*;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ContractSpec;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PrunableCommitments;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.cantonrunbooks.testbed.engine.SubmissionResult;
import io.cantonrunbooks.testbed.engine.TrafficGenerator;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The testbed's own control service on a participant's admin port. */
final class ControlService extends TestbedControlServiceGrpc.TestbedControlServiceImplBase {
  private final SimulatedNetwork net;
  private final Participant participant;
  private final FaultPlan faults;

  ControlService(SimulatedNetwork net, Participant participant, FaultPlan faults) {
    this.net = net;
    this.participant = participant;
    this.faults = faults;
  }

  static io.cantonrunbooks.cantonapi.testbed.v1.Contract toProto(Contract c) {
    return io.cantonrunbooks.cantonapi.testbed.v1.Contract.newBuilder()
        .setContractId(c.contractId())
        .setPackageId(c.templateId().packageId())
        .setModuleName(c.templateId().moduleName())
        .setEntityName(c.templateId().entityName())
        .setPackageName(c.packageName())
        .addAllSignatories(c.signatories())
        .addAllObservers(c.observers())
        .setArgument(c.argument())
        .setCreatedAt(Protos.timestamp(c.createdAt()))
        .build();
  }

  @Override
  public void getNodeInfo(GetNodeInfoRequest request, StreamObserver<GetNodeInfoResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b =
              GetNodeInfoResponse.newBuilder()
                  .setName(participant.name())
                  .setParticipantUid(participant.uid())
                  .setConnected(participant.isConnected())
                  .setCrashed(participant.isCrashed())
                  .setHalted(participant.isHalted())
                  .setLedgerEnd(participant.ledgerEnd())
                  .setSynchronizerId(net.synchronizerId())
                  .setProtocolVersion(net.protocolVersion())
                  .setPrunedUpTo(participant.prunedUpTo());
          participant.observedTime().ifPresent(t -> b.setObservedTime(Protos.timestamp(t)));
          return b.build();
        });
  }

  @Override
  public void backupParticipant(BackupParticipantRequest request, StreamObserver<BackupParticipantResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          byte[] backup = participant.backup();
          Path path = Path.of(request.getPath());
          try {
            if (path.getParent() != null) {
              Files.createDirectories(path.getParent());
            }
            Files.write(path, backup);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return BackupParticipantResponse.newBuilder()
              .setPath(path.toString())
              .setSizeBytes(backup.length)
              .setSha256(sha256(backup))
              .setLedgerEnd(participant.ledgerEnd())
              .build();
        });
  }

  @Override
  public void restoreParticipant(
      RestoreParticipantRequest request, StreamObserver<RestoreParticipantResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          try {
            participant.restore(Files.readAllBytes(Path.of(request.getPath())));
          } catch (IOException e) {
            throw Status.NOT_FOUND.withDescription("cannot read backup " + request.getPath()).asRuntimeException();
          }
          return RestoreParticipantResponse.newBuilder().setLedgerEnd(participant.ledgerEnd()).build();
        });
  }

  @Override
  public void listAlarms(ListAlarmsRequest request, StreamObserver<ListAlarmsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = ListAlarmsResponse.newBuilder();
          for (var a : net.alarms()) {
            b.addAlarms(
                Alarm.newBuilder()
                    .setAt(Protos.timestamp(a.at()))
                    .setParticipant(a.participant())
                    .setKind(a.kind().name())
                    .setMessage(a.message()));
          }
          return b.addAllWarnings(net.warnings()).build();
        });
  }

  @Override
  public void clearAlarms(ClearAlarmsRequest request, StreamObserver<ClearAlarmsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          net.clearAlarms();
          return ClearAlarmsResponse.getDefaultInstance();
        });
  }

  @Override
  public void injectFault(InjectFaultRequest request, StreamObserver<InjectFaultResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (request.getRpc().isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("rpc is required").asRuntimeException();
          }
          Status.Code code =
              request.getStatusCode() == 0 ? Status.Code.UNAVAILABLE : Status.fromCodeValue(request.getStatusCode()).getCode();
          faults.inject(
              request.getRpc(),
              new FaultPlan.Fault(
                  request.getFailures(),
                  code,
                  request.getErrorId(),
                  request.getMessage(),
                  request.hasDelay() ? Protos.duration(request.getDelay()) : Duration.ZERO,
                  request.getCrashAfterContracts(),
                  request.hasChunkDelay() ? Protos.duration(request.getChunkDelay()) : Duration.ZERO,
                  request.getPassFirst()));
          return InjectFaultResponse.getDefaultInstance();
        });
  }

  @Override
  public void clearFaults(ClearFaultsRequest request, StreamObserver<ClearFaultsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          faults.clear();
          return ClearFaultsResponse.getDefaultInstance();
        });
  }

  @Override
  public void crashParticipant(CrashParticipantRequest request, StreamObserver<CrashParticipantResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.crash();
          return CrashParticipantResponse.getDefaultInstance();
        });
  }

  @Override
  public void restartParticipant(
      RestartParticipantRequest request, StreamObserver<RestartParticipantResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.restart();
          return RestartParticipantResponse.newBuilder().setConnected(participant.isConnected()).build();
        });
  }

  @Override
  public void startTraffic(StartTrafficRequest request, StreamObserver<StartTrafficResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (request.getPerSecond() <= 0) {
            throw Status.INVALID_ARGUMENT.withDescription("per_second must be positive").asRuntimeException();
          }
          net.startTraffic(request.getParty(), request.getPerSecond(), request.getCounterparty());
          return StartTrafficResponse.getDefaultInstance();
        });
  }

  @Override
  public void stopTraffic(StopTrafficRequest request, StreamObserver<StopTrafficResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = StopTrafficResponse.newBuilder();
          net.stopTraffic(request.getParty())
              .ifPresent(
                  (TrafficGenerator.Stats s) ->
                      b.setCreated(s.created()).setArchived(s.archived()).setSkipped(s.skipped()).setRejected(s.rejected()));
          return b.build();
        });
  }

  @Override
  public void createContracts(CreateContractsRequest request, StreamObserver<CreateContractsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          int count = Math.max(1, request.getCount());
          List<ContractSpec> specs = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            String arg = count == 1 ? request.getArgument() : request.getArgument() + "-" + (i + 1);
            specs.add(
                new ContractSpec(
                    net.demoTemplate(),
                    SimulatedNetwork.DEMO_PACKAGE_NAME,
                    List.of(request.getParty()),
                    request.getObserversList(),
                    arg));
          }
          SubmissionResult r = net.submit(participant, request.getParty(), specs, List.of());
          if (!r.approved()) {
            throw Status.ABORTED.withDescription("request rejected: " + r.verdict()).asRuntimeException();
          }
          var b = CreateContractsResponse.newBuilder();
          r.created().forEach(c -> b.addContracts(toProto(c)));
          return b.build();
        });
  }

  @Override
  public void archiveContracts(ArchiveContractsRequest request, StreamObserver<ArchiveContractsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          SubmissionResult r = net.submit(participant, request.getParty(), List.of(), request.getContractIdsList());
          return ArchiveContractsResponse.newBuilder()
              .setApproved(r.approved())
              .setVerdict(r.verdict())
              .setUpdateId(r.updateId())
              .build();
        });
  }

  @Override
  public void allocateParty(AllocatePartyRequest request, StreamObserver<AllocatePartyResponse> responses) {
    Errors.unary(
        responses,
        () -> AllocatePartyResponse.newBuilder().setPartyId(participant.allocateParty(request.getPartyIdHint())).build());
  }

  @Override
  public void getActiveContracts(
      GetActiveContractsRequest request, StreamObserver<GetActiveContractsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          long offset = request.getActiveAtOffset() == 0 ? participant.ledgerEnd() : request.getActiveAtOffset();
          var b = GetActiveContractsResponse.newBuilder().setOffset(offset);
          participant
              .activeContractsAt(request.getParty().isEmpty() ? null : request.getParty(), offset)
              .forEach(c -> b.addContracts(toProto(c)));
          return b.build();
        });
  }

  @Override
  public void prune(PruneRequest request, StreamObserver<PruneResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          // The same engine calls as the Admin Prune and the Ledger API Prune.
          PrunableCommitments rule =
              request.getNoWaitCommitments() ? PrunableCommitments.ALL : PrunableCommitments.MATCHED;
          if (request.getInternallyOnly()) {
            participant.pruneInternally(request.getPruneUpTo(), rule);
          } else {
            participant.prune(request.getPruneUpTo(), rule);
          }
          return PruneResponse.newBuilder().setPrunedUpTo(participant.prunedUpTo()).build();
        });
  }

  @Override
  public void setSynchronizerParameters(
      SetSynchronizerParametersRequest request, StreamObserver<SetSynchronizerParametersResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var current = net.synchronizerParameters();
          var now = current.get(current.size() - 1);
          java.time.Instant effective =
              net.changeSynchronizerParameters(
                  request.hasConfirmationResponseTimeout()
                      ? Protos.duration(request.getConfirmationResponseTimeout())
                      : now.confirmationResponseTimeout(),
                  request.hasMediatorReactionTimeout()
                      ? Protos.duration(request.getMediatorReactionTimeout())
                      : now.mediatorReactionTimeout());
          return SetSynchronizerParametersResponse.newBuilder()
              .setEffectiveTime(Protos.timestamp(effective))
              .build();
        });
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
