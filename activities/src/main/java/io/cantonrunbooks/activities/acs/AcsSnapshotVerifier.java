package io.cantonrunbooks.activities.acs;

import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks an ACS snapshot file end to end before anything is uploaded.
 *
 * <p>One streaming pass: the file must exist, be exactly one complete gzip member, every record
 * must be a version-30 snapshot record wrapping a Ledger API active contract, and its SHA-256 must
 * equal the one recorded when it was exported. A truncated or corrupt file is refused here, before
 * the target node sees a byte of it.
 */
public final class AcsSnapshotVerifier {

  private static final int READ_BUFFER = 1024 * 1024;

  private AcsSnapshotVerifier() {}

  /**
   * Verifies the file and returns its facts.
   *
   * @param expectedSha256 lowercase or uppercase hex; empty to skip the checksum comparison
   * @throws AcsFileException naming why the file cannot be imported
   */
  public static AcsSnapshotFile verify(Path file, Optional<String> expectedSha256) {
    if (!Files.isRegularFile(file)) {
      throw new AcsFileException(Reason.MISSING, file, "the snapshot file does not exist");
    }
    MessageDigest sha256 = AcsSnapshotWriter.newSha256();
    long bytes = 0;
    long contracts;
    try (var inspector = new AcsStreamInspector(true, file);
        InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[READ_BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        inspector.update(buffer, 0, n);
        bytes += n;
      }
      contracts = inspector.finish();
    } catch (IOException e) {
      throw new AcsFileException(Reason.IO, file, "cannot read the snapshot file", e);
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(actual)) {
      throw new AcsFileException(
          Reason.CHECKSUM_MISMATCH,
          file,
          "the snapshot's SHA-256 is " + actual + " but " + expectedSha256.get() + " was expected");
    }
    return new AcsSnapshotFile(file, bytes, actual, contracts);
  }
}
