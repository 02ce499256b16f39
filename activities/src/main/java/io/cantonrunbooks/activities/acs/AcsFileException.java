package io.cantonrunbooks.activities.acs;

import java.nio.file.Path;

/**
 * A snapshot file that cannot be used: missing, unreadable, truncated, corrupt, or not the file
 * that was expected.
 *
 * <p>Never retryable as is: the file has to be exported again (or the right one named).
 */
public final class AcsFileException extends RuntimeException {

  /** Why the file was refused. */
  public enum Reason {
    /** The file does not exist or is not a regular file. */
    MISSING,
    /** Reading or writing the file failed. */
    IO,
    /** The bytes end before the gzip trailer or in the middle of a record. */
    TRUNCATED,
    /** The bytes are not a gzip stream, fail the gzip checksum, or hold more than one member. */
    NOT_GZIP,
    /** A record is not a version-30 snapshot record of a Ledger API active contract. */
    BAD_RECORD,
    /** The file's SHA-256 differs from the one recorded at export. */
    CHECKSUM_MISMATCH
  }

  private final Reason reason;
  private final Path path;

  public AcsFileException(Reason reason, Path path, String message, Throwable cause) {
    super(message + (path == null ? "" : " (" + path + ")"), cause);
    this.reason = reason;
    this.path = path;
  }

  public AcsFileException(Reason reason, Path path, String message) {
    this(reason, path, message, null);
  }

  public Reason reason() {
    return reason;
  }

  public Path path() {
    return path;
  }
}
