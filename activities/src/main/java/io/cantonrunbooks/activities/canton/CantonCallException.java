package io.cantonrunbooks.activities.canton;

import io.grpc.Status;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to a Canton node that failed, classified once.
 *
 * <p>Carries what an operator and a retry policy need: which node and call, the gRPC code, the
 * Canton error id (such as {@code PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING}) when the node sent
 * one, the cause text without the id prefix, and whether repeating the call can help. Built by
 * {@link CantonErrors}.
 */
public final class CantonCallException extends RuntimeException {

  private final String node;
  private final String call;
  private final Status.Code code;
  private final Optional<String> errorId;
  private final Optional<Integer> category;
  private final String causeText;
  private final boolean retryable;

  public CantonCallException(
      String node,
      String call,
      Status.Code code,
      Optional<String> errorId,
      Optional<Integer> category,
      String causeText,
      boolean retryable,
      Throwable cause) {
    super(message(node, call, code, errorId, causeText), cause);
    this.node = Objects.requireNonNull(node, "node");
    this.call = Objects.requireNonNull(call, "call");
    this.code = Objects.requireNonNull(code, "code");
    this.errorId = Objects.requireNonNull(errorId, "errorId");
    this.category = Objects.requireNonNull(category, "category");
    this.causeText = Objects.requireNonNull(causeText, "causeText");
    this.retryable = retryable;
  }

  /** The node's name in the inventory. */
  public String node() {
    return node;
  }

  /** The call as the console would name it, e.g. {@code parties.import_party_acs}. */
  public String call() {
    return call;
  }

  public Status.Code code() {
    return code;
  }

  /** Canton's stable error id, when the node reported one. */
  public Optional<String> errorId() {
    return errorId;
  }

  /** Canton's error category number, when the node reported one. */
  public Optional<Integer> category() {
    return category;
  }

  /** The node's explanation, without the {@code ERROR_ID(cat,corr): } prefix. */
  public String causeText() {
    return causeText;
  }

  /** Whether the same call may succeed if repeated later. */
  public boolean retryable() {
    return retryable;
  }

  /** The error id if there is one, otherwise the gRPC code's name: a stable failure type. */
  public String type() {
    return errorId.orElse(code.name());
  }

  private static String message(
      String node, String call, Status.Code code, Optional<String> errorId, String causeText) {
    return node
        + ": "
        + call
        + " failed with "
        + code
        + errorId.map(id -> " " + id).orElse("")
        + (causeText.isEmpty() ? "" : ": " + causeText);
  }
}
