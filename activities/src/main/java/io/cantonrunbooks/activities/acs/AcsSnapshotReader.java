package io.cantonrunbooks.activities.acs;

import io.cantonrunbooks.cantonapi.ledger.v2.CreatedEvent;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the contracts of a snapshot file one at a time, so that a snapshot of any size can be
 * summarised (contract ids, packages) in constant memory.
 */
public final class AcsSnapshotReader {

  private AcsSnapshotReader() {}

  /** Calls {@code each} with the create event of every contract in the file, in file order. */
  public static void forEachContract(Path file, Consumer<CreatedEvent> each) {
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 64 * 1024)) {
      while (true) {
        UntypedVersionedMessage record = UntypedVersionedMessage.parseDelimitedFrom(in);
        if (record == null) {
          return;
        }
        var wrapper = io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract.parseFrom(record.getData());
        var contract = io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract.parseFrom(wrapper.getActiveContract());
        each.accept(contract.getCreatedEvent());
      }
    } catch (IOException e) {
      throw new AcsFileException(AcsFileException.Reason.BAD_RECORD, file, "cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
  }
}
