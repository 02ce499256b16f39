package io.cantonrunbooks.testbed.grpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which bearer tokens a participant's Ledger API accepts, and with what rights. A Canton node
 * without an auth service configured accepts every call, token or not ({@link #none()}, the
 * default); one with auth answers a call without a valid token {@code UNAUTHENTICATED}, and a
 * call whose token lacks the right it needs {@code PERMISSION_DENIED}, both with a redacted
 * message. The testbed compares tokens as opaque strings: what it proves is that the client sends
 * the configured token on every Ledger API call, not that a JWT is well formed.
 */
public final class LedgerApiAuth {

  /** The claims a token carries, as far as the calls the testbed serves care. */
  public enum Right {
    /** Any authenticated user: enough for the state service's public reads. */
    USER,
    /** {@code participant_admin}: also needed for the Ledger API prune. */
    PARTICIPANT_ADMIN
  }

  private final Map<String, Right> tokens;

  private LedgerApiAuth(Map<String, Right> tokens) {
    this.tokens = Map.copyOf(tokens);
  }

  /** No auth service: every call is accepted. */
  public static LedgerApiAuth none() {
    return new LedgerApiAuth(Map.of());
  }

  /** These rules plus one more accepted token. */
  public LedgerApiAuth accepting(String token, Right right) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a Ledger API token must not be blank");
    }
    Map<String, Right> more = new LinkedHashMap<>(tokens);
    more.put(token, right);
    return new LedgerApiAuth(more);
  }

  /** Whether calls need a token at all. */
  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** The right a presented token carries; empty for an unknown token. */
  Optional<Right> rightOf(String token) {
    return Optional.ofNullable(tokens.get(token));
  }
}
