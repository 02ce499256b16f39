package io.cantonrunbooks.testbed.engine;

import io.grpc.Status;
import java.util.Map;

/**
 * A failure that a real Canton node reports with a stable error id and category.
 *
 * <p>The engine throws these; the gRPC layer turns them into a status whose description has Canton's
 * {@code ERROR_ID(category,correlation): cause} shape, so clients can branch on the id exactly as they
 * would against a real node.
 */
public final class CantonError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorId;
  private final int category;
  private final Map<String, String> context;

  /** Creates an error with the given id, Canton error category and cause text. */
  public CantonError(String errorId, int category, String cause) {
    this(errorId, category, cause, Map.of());
  }

  /**
   * Like {@link #CantonError(String, int, String)}, with context values that Canton sends in the
   * error's metadata (for example the last safe offset of {@code UNSAFE_TO_PRUNE}).
   */
  public CantonError(String errorId, int category, String cause, Map<String, String> context) {
    super(cause);
    this.errorId = errorId;
    this.category = category;
    this.context = Map.copyOf(context);
  }

  public String errorId() {
    return errorId;
  }

  public int category() {
    return category;
  }

  /** Context values for the error's metadata; empty for most errors. */
  public Map<String, String> context() {
    return context;
  }

  /** The gRPC code Canton derives from the category. */
  public Status.Code code() {
    return codeOf(category);
  }

  /** Maps a Canton error category to its gRPC code (wire doc §12). */
  public static Status.Code codeOf(int category) {
    return switch (category) {
      case 1 -> Status.Code.UNAVAILABLE;
      case 2 -> Status.Code.ABORTED;
      case 3 -> Status.Code.DEADLINE_EXCEEDED;
      case 4 -> Status.Code.INTERNAL;
      case 8 -> Status.Code.INVALID_ARGUMENT;
      case 9 -> Status.Code.FAILED_PRECONDITION;
      case 10 -> Status.Code.ALREADY_EXISTS;
      case 11 -> Status.Code.NOT_FOUND;
      case 12 -> Status.Code.OUT_OF_RANGE;
      case 14 -> Status.Code.UNIMPLEMENTED;
      default -> Status.Code.UNKNOWN;
    };
  }

  /** The category Canton would use for a plain gRPC code (used for injected faults). */
  public static int categoryOf(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE -> 1;
      case ABORTED -> 2;
      case DEADLINE_EXCEEDED -> 3;
      case INTERNAL -> 4;
      case INVALID_ARGUMENT -> 8;
      case ALREADY_EXISTS -> 10;
      case NOT_FOUND -> 11;
      case OUT_OF_RANGE -> 12;
      case UNIMPLEMENTED -> 14;
      default -> 9;
    };
  }

  @Override
  public String toString() {
    return errorId + "(" + category + "): " + getMessage();
  }

  // Party management (category 8 or 9).
  static CantonError invalidArgumentParty(String cause) {
    return new CantonError("INVALID_ARGUMENT_PARTY_MANAGEMENT_ERROR", 8, cause);
  }

  static CantonError invalidStateParty(String cause) {
    return new CantonError("INVALID_STATE_PARTY_MANAGEMENT_ERROR", 9, cause);
  }

  static CantonError ioStreamParty(String cause) {
    return new CantonError("IO_STREAM_PARTY_MANAGEMENT_ERROR", 9, cause);
  }

  static CantonError mappingNotFound(String cause) {
    return new CantonError("EFFECTIVE_PARTY_TO_PARTICIPANT_MAPPING_NOT_FOUND", 9, cause);
  }

  static CantonError importAcs(String cause) {
    return new CantonError("IMPORT_ACS_ERROR", 8, cause);
  }

  static CantonError prunedDataAccessed(long offset, long pruned) {
    return new CantonError(
        "PARTICIPANT_PRUNED_DATA_ACCESSED",
        9,
        "Active contracts request at offset "
            + offset
            + " precedes pruned offset "
            + pruned
            + " (earliest offset "
            + pruned
            + ")");
  }
}
