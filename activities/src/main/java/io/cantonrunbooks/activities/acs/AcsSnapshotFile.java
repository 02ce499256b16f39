package io.cantonrunbooks.activities.acs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An ACS snapshot file on the worker's disk, with the facts a runbook records about it.
 *
 * @param path where the file is
 * @param bytes its size in bytes (compressed, as on disk and on the wire)
 * @param sha256 lowercase hex SHA-256 of the file's bytes
 * @param contracts how many contract records it holds
 */
public record AcsSnapshotFile(Path path, long bytes, String sha256, long contracts) {

  public AcsSnapshotFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }
}
