package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantRepairServiceGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Repair commands of a participant, as the console's {@code repair} group: whole-ACS export and
 * import. Same snapshot format as the party calls, without the party-replication checks.
 */
public final class Repair {

  private final NodeCalls calls;
  private final AcsTransfers transfers;

  Repair(NodeCalls calls, AcsTransfers transfers) {
    this.calls = calls;
    this.transfers = transfers;
  }

  /**
   * Exports the ACS of {@code parties} (every hosted party if empty) at {@code ledgerOffset}
   * (console: {@code repair.export_acs}).
   *
   * @param synchronizerId only contracts assigned to this synchronizer; empty for all
   * @param excludedStakeholders contracts with any of these stakeholders are left out
   */
  public AcsSnapshotFile exportAcs(
      List<String> parties,
      Optional<String> synchronizerId,
      long ledgerOffset,
      List<String> excludedStakeholders,
      Path target,
      TransferProgress progress) {
    var request =
        ExportAcsRequest.newBuilder()
            .addAllPartyIds(parties)
            .setSynchronizerId(synchronizerId.orElse(""))
            .setLedgerOffset(ledgerOffset)
            .addAllExcludedStakeholderIds(excludedStakeholders)
            .build();
    return transfers.download(
        "repair.export_acs",
        target,
        progress,
        () -> calls.adminStream(ParticipantRepairServiceGrpc::newBlockingStub).exportAcs(request),
        ExportAcsResponse::getChunk);
  }

  /**
   * Imports a snapshot (console: {@code repair.import_acs}); the node must be disconnected from
   * every synchronizer. Verified before sending, cancelled (never completed) on a local failure.
   * The 3.5 layout also works on 3.4 nodes, which ignore the synchronizer id.
   */
  public AcsSnapshotFile importAcs(
      String synchronizerId,
      ImportMode mode,
      Optional<String> workflowIdPrefix,
      Path file,
      String expectedSha256,
      TransferProgress progress) {
    return transfers.upload(
        "repair.import_acs",
        ParticipantRepairServiceGrpc.getImportAcsMethod(),
        file,
        expectedSha256,
        progress,
        (chunk, first) -> {
          var message = ImportAcsRequest.newBuilder().setAcsSnapshot(chunk);
          if (first) {
            message
                .setSynchronizerId(synchronizerId)
                .setContractImportMode(Parties.contractImportMode(mode));
            workflowIdPrefix.ifPresent(message::setWorkflowIdPrefix);
          }
          return message.build();
        });
  }
}
