package io.cantonrunbooks.activities.canton;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a node signs a topology transaction.
 *
 * @param mustFullyAuthorize fail unless this node's signature completes the transaction
 * @param waitToBecomeEffective if set, the call returns only once the transaction is effective (or
 *     fails when the wait runs out, although the transaction may still become effective)
 * @param forceFlags safety checks to override, by Canton's name without the {@code FORCE_FLAG_}
 *     prefix, e.g. {@code ALLOW_CONFIRMING_THRESHOLD_CANNOT_BE_MET}
 */
public record AuthorizeOptions(
    boolean mustFullyAuthorize, Optional<Duration> waitToBecomeEffective, Set<String> forceFlags) {

  public AuthorizeOptions {
    Objects.requireNonNull(waitToBecomeEffective, "waitToBecomeEffective");
    forceFlags = Set.copyOf(forceFlags);
  }

  /** Sign, and let the result stay a proposal if other signatures are missing. */
  public static AuthorizeOptions proposeOnly() {
    return new AuthorizeOptions(false, Optional.empty(), Set.of());
  }

  public AuthorizeOptions waitingUpTo(Duration wait) {
    return new AuthorizeOptions(mustFullyAuthorize, Optional.of(wait), forceFlags);
  }
}
