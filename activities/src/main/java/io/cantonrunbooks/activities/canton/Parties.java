package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.cantonrunbooks.cantonapi.admin.participant.v30.AddPartyArguments;
import io.cantonrunbooks.cantonapi.admin.participant.v30.AddPartyAsyncRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ClearPartyOnboardingFlagResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetHighestOffsetByTimestampRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequestV34;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Party commands of a participant, as the console's {@code parties} group: offline replication
 * (export, import, onboarding-flag clearance), offset lookup, and online replication (alpha).
 */
public final class Parties {

  /**
   * ImportPartyAcs with Canton 3.4's request layout, on the same method path as 3.5's. The two
   * layouts disagree on field numbers 2 to 4, so the client picks one from the node's version.
   */
  /** Reads of the version before an import: 4 attempts, 250 ms, 500 ms and 1 s apart. */
  static final int VERSION_READ_ATTEMPTS = 4;
  private static final Duration VERSION_READ_FIRST_PAUSE = Duration.ofMillis(250);

  static final MethodDescriptor<ImportPartyAcsRequestV34, ImportPartyAcsResponse> IMPORT_PARTY_ACS_V34 =
      MethodDescriptor.<ImportPartyAcsRequestV34, ImportPartyAcsResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
          .setFullMethodName(PartyManagementServiceGrpc.getImportPartyAcsMethod().getFullMethodName())
          .setRequestMarshaller(ProtoUtils.marshaller(ImportPartyAcsRequestV34.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ImportPartyAcsResponse.getDefaultInstance()))
          .build();

  private final NodeCalls calls;
  private final AcsTransfers transfers;
  private final Health health;

  Parties(NodeCalls calls, AcsTransfers transfers, Health health) {
    this.calls = calls;
    this.transfers = transfers;
    this.health = health;
  }

  /**
   * Exports the party's ACS as of its first activation on the target after the begin offset, into
   * {@code target} (console: {@code parties.export_party_acs}). Runs on the source.
   *
   * <p>The file appears at {@code target} only once the whole stream arrived and checked out; a
   * failed export leaves no file. Retrying is safe: it rewrites the same snapshot.
   *
   * @throws CantonCallException e.g. {@code EFFECTIVE_PARTY_TO_PARTICIPANT_MAPPING_NOT_FOUND} when
   *     the activation is not found in time, {@code PARTY_ACS_EXPORT_MISSING_TARGET_ONBOARDING_MAPPING}
   *     when the target lacks the onboarding flag
   */
  public AcsSnapshotFile exportPartyAcs(PartyAcsExport export, Path target, TransferProgress progress) {
    var request =
        ExportPartyAcsRequest.newBuilder()
            .setPartyId(export.partyId())
            .setSynchronizerId(export.synchronizerId())
            .setTargetParticipantUid(export.targetParticipantUid())
            .setBeginOffsetExclusive(export.beginOffsetExclusive());
    export.waitForActivation().ifPresent(w -> request.setWaitForActivationTimeout(Protos.duration(w)));
    return transfers.download(
        "parties.export_party_acs",
        target,
        progress,
        () -> calls.adminStream(PartyManagementServiceGrpc::newBlockingStub).exportPartyAcs(request.build()),
        ExportPartyAcsResponse::getChunk);
  }

  /**
   * Imports a party's ACS on the target (console: {@code parties.import_party_acs}).
   *
   * <p>The file is verified completely (single gzip member, every record a version-30 snapshot
   * record, SHA-256 equal to {@code expectedSha256}) before a byte is sent. The request layout
   * follows the node's version: 3.5+ sends synchronizer id, mode and party id; 3.4 sends its own
   * layout, which has no party id, so the caller must have checked the onboarding flag itself.
   * On a local failure the call is cancelled, never completed.
   *
   * <p>Retry: on 3.5+ repeating the import with the same file is safe (identical contracts are
   * skipped). A 3.4 import is not idempotent: restore the target's backup first.
   *
   * @throws io.cantonrunbooks.activities.acs.AcsFileException if the file cannot be imported
   * @throws CantonCallException e.g. {@code IO_STREAM_PARTY_MANAGEMENT_ERROR} while still connected
   */
  public AcsSnapshotFile importPartyAcs(
      PartyAcsImport options, Path file, String expectedSha256, TransferProgress progress) {
    CantonVersion version = versionBeforeImport();
    ContractImportMode mode = contractImportMode(options.mode());
    if (version.isAtLeast(3, 5, 0)) {
      return transfers.upload(
          "parties.import_party_acs",
          PartyManagementServiceGrpc.getImportPartyAcsMethod(),
          file,
          expectedSha256,
          progress,
          (chunk, first) -> {
            var message = ImportPartyAcsRequest.newBuilder().setAcsSnapshot(chunk);
            if (first) {
              message.setSynchronizerId(options.synchronizerId()).setContractImportMode(mode);
              options.partyId().ifPresent(message::setPartyId);
              options.workflowIdPrefix().ifPresent(message::setWorkflowIdPrefix);
            }
            return message.build();
          });
    }
    if (version.major() == 3 && version.minor() == 4) {
      return transfers.upload(
          "parties.import_party_acs",
          IMPORT_PARTY_ACS_V34,
          file,
          expectedSha256,
          progress,
          (chunk, first) -> {
            var message = ImportPartyAcsRequestV34.newBuilder().setAcsSnapshot(chunk);
            if (first) {
              message.setContractImportMode(mode);
              options.workflowIdPrefix().ifPresent(message::setWorkflowIdPrefix);
            }
            return message.build();
          });
    }
    throw new UnsupportedOperationException(
        calls.node + " runs Canton " + version + "; ACS import supports 3.4 and later");
  }

  /**
   * The node's version, read again after a transient failure. Nothing has been sent yet, while a
   * failed import attempt costs the runbook a restore from backup (the import activity runs once
   * per attempt), so a blip of the status call must not fail the import.
   */
  private CantonVersion versionBeforeImport() {
    Duration pause = VERSION_READ_FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        return health.version();
      } catch (CantonCallException e) {
        if (!e.retryable() || attempt >= VERSION_READ_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = pause.multipliedBy(2);
      }
    }
  }

  /**
   * The highest ledger offset whose record time is at or before {@code timestamp} (console:
   * {@code parties.find_highest_offset_by_timestamp}). Without {@code force} the time must match
   * a record time exactly, e.g. a topology transaction's effective time.
   *
   * @throws CantonCallException retryable {@code INVALID_TIMESTAMP_PARTY_MANAGEMENT_ERROR} while
   *     the node has not processed that far
   */
  public long getHighestOffsetByTimestamp(String synchronizerId, Instant timestamp, boolean force) {
    return calls.call(
        "parties.find_highest_offset_by_timestamp",
        () ->
            calls
                .admin(PartyManagementServiceGrpc::newBlockingStub)
                .getHighestOffsetByTimestamp(
                    GetHighestOffsetByTimestampRequest.newBuilder()
                        .setSynchronizerId(synchronizerId)
                        .setTimestamp(Protos.timestamp(timestamp))
                        .setForce(force)
                        .build())
                .getLedgerOffset());
  }

  /**
   * Asks the node to clear its own onboarding flag for the party (console:
   * {@code parties.clear_party_onboarding_flag}). Idempotent and meant to be polled: until it is
   * safe the answer is "not yet, retry after T", and the node schedules the clearing itself.
   *
   * <p>Right after a node restart the node may wrongly answer "onboarded"; confirm with the
   * mapping itself.
   *
   * @param beginOffsetExclusive an offset on THIS node's ledger before the activation
   */
  public OnboardingFlagStatus clearPartyOnboardingFlag(
      String partyId, String synchronizerId, long beginOffsetExclusive, Optional<Duration> waitForActivation) {
    var request =
        ClearPartyOnboardingFlagRequest.newBuilder()
            .setPartyId(partyId)
            .setSynchronizerId(synchronizerId)
            .setBeginOffsetExclusive(beginOffsetExclusive);
    waitForActivation.ifPresent(w -> request.setWaitForActivationTimeout(Protos.duration(w)));
    ClearPartyOnboardingFlagResponse reply =
        calls.call(
            "parties.clear_party_onboarding_flag",
            () ->
                calls
                    .admin(PartyManagementServiceGrpc::newBlockingStub, waitForActivation.orElse(Duration.ofMinutes(2)))
                    .clearPartyOnboardingFlag(request.build()));
    return new OnboardingFlagStatus(
        reply.getOnboarded(),
        reply.hasEarliestRetryTimestamp()
            ? Optional.of(Protos.instant(reply.getEarliestRetryTimestamp()))
            : Optional.empty());
  }

  /**
   * Starts online party replication on the target (alpha in 3.4 and 3.5; needs the node's alpha
   * flag, otherwise UNIMPLEMENTED). 3.5 request layout only.
   *
   * @return the request id, the same for the same arguments
   */
  public String addPartyAsync(
      String partyId,
      String synchronizerId,
      String sourceParticipantUid,
      long topologySerial,
      ParticipantPermission permission) {
    var arguments =
        AddPartyArguments.newBuilder()
            .setPartyId(partyId)
            .setSynchronizerId(synchronizerId)
            .setSourceParticipantUid(sourceParticipantUid)
            .setTopologySerial((int) topologySerial)
            .setParticipantPermission(
                io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantPermission.forNumber(
                    permission.number()));
    return calls.call(
        "parties.add_party_async",
        () ->
            calls
                .admin(PartyManagementServiceGrpc::newBlockingStub)
                .addPartyAsync(AddPartyAsyncRequest.newBuilder().setArguments(arguments).build())
                .getAddPartyRequestId());
  }

  static ContractImportMode contractImportMode(ImportMode mode) {
    return switch (mode) {
      case VALIDATION -> ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION;
      case ACCEPT -> ContractImportMode.CONTRACT_IMPORT_MODE_ACCEPT;
    };
  }
}
