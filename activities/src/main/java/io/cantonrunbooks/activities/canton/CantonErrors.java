package io.cantonrunbooks.activities.canton;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where gRPC failures from a Canton node become {@link CantonCallException}s.
 *
 * <p>The error id comes from {@code google.rpc.ErrorInfo.reason} in the rich status
 * ({@code grpc-status-details-bin}) when present, otherwise from the {@code ERROR_ID(cat,corr):
 * cause} prefix Canton puts on the description. Some endpoints (AddPartyAsync, the pruning
 * scheduler's argument checks) answer plain statuses without an id; those keep an empty id.
 *
 * <p>Retryable codes follow Canton's error categories: transient failures (UNAVAILABLE),
 * contention (ABORTED), unknown outcome after a timeout (DEADLINE_EXCEEDED), overload
 * (RESOURCE_EXHAUSTED) and "asked about a point the node has not reached yet" (OUT_OF_RANGE).
 * Everything else needs a change before a retry can help.
 */
public final class CantonErrors {

  private static final Set<Status.Code> RETRYABLE =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.OUT_OF_RANGE);

  private static final Pattern ID_PREFIX =
      Pattern.compile("^([A-Z][A-Z0-9_]*)\\((\\d+),([^)]*)\\):\\s?(.*)$", Pattern.DOTALL);

  private CantonErrors() {}

  /** Whether a failure with this code may succeed when repeated. */
  public static boolean isRetryable(Status.Code code) {
    return RETRYABLE.contains(code);
  }

  /** Classifies a failure of {@code call} on {@code node}. */
  public static CantonCallException toCallException(String node, String call, Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String description = status.getDescription() == null ? "" : status.getDescription();

    Optional<String> errorId = Optional.empty();
    Optional<Integer> category = Optional.empty();
    String cause = description;

    Matcher m = ID_PREFIX.matcher(description);
    if (m.matches()) {
      errorId = Optional.of(m.group(1));
      category = Optional.of(Integer.parseInt(m.group(2)));
      cause = m.group(4);
    }
    Optional<ErrorInfo> info = errorInfo(failure);
    if (info.isPresent() && !info.get().getReason().isEmpty()) {
      errorId = Optional.of(info.get().getReason());
      String fromMetadata = info.get().getMetadataMap().get("category");
      Optional<Integer> fromInfo = fromMetadata == null ? Optional.empty() : parseInt(fromMetadata);
      if (fromInfo.isPresent()) {
        category = fromInfo;
      }
    }
    if (status.getCause() != null && status.getCause() != failure) {
      // A transport failure says only "io exception"; the socket's own words say what happened.
      String transport = String.valueOf(rootCause(status.getCause()).getMessage());
      if (cause.isEmpty()) {
        cause = transport;
      } else if (!cause.contains(transport)) {
        cause = cause + " (" + transport + ")";
      }
    }
    cause = withCredentialHint(status.getCode(), cause);
    return new CantonCallException(
        node, call, status.getCode(), errorId, category, cause, isRetryable(status.getCode()), failure);
  }

  /**
   * Canton redacts authentication and permission failures down to a correlation id, so the message
   * alone would not tell an operator where to look; say which setting is in question.
   */
  private static String withCredentialHint(Status.Code code, String cause) {
    String hint = switch (code) {
      case UNAUTHENTICATED -> "the node did not accept the call's credentials: check the Ledger API token"
          + " configured for this node (nodes.<name>.token)";
      case PERMISSION_DENIED -> "the call's credentials lack a right it needs (the Ledger API prune needs"
          + " participant_admin); the node logs the reason under the request id";
      default -> "";
    };
    if (hint.isEmpty()) {
      return cause;
    }
    return cause.isEmpty() ? hint : cause + " (" + hint + ")";
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static Optional<ErrorInfo> errorInfo(Throwable failure) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
    if (rich == null) {
      return Optional.empty();
    }
    for (var detail : rich.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return Optional.of(detail.unpack(ErrorInfo.class));
        } catch (InvalidProtocolBufferException e) {
          // A malformed detail is no reason to lose the error itself; fall back to the prefix.
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> parseInt(String s) {
    try {
      return Optional.of(Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
