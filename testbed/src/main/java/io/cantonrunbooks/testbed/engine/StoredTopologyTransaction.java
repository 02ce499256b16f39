package io.cantonrunbooks.testbed.engine;

import java.time.Instant;
import java.util.Set;

/**
 * A topology transaction as the synchronizer's topology processor stored it.
 *
 * <p>{@code closedAt} is the sequencing time at which the row stopped being current (superseded,
 * merged into a copy with more signatures, or expired); a participant whose processed time is before
 * that still sees the row as current, which is how each participant's local store lags behind.
 */
public record StoredTopologyTransaction(
    TopologyTransaction transaction,
    Set<String> signedBy,
    boolean proposal,
    Instant sequenced,
    Instant validFrom,
    Instant validUntil,
    Instant closedAt) {

  public StoredTopologyTransaction {
    signedBy = Set.copyOf(signedBy);
  }

  StoredTopologyTransaction close(Instant at, Instant until) {
    return new StoredTopologyTransaction(
        transaction, signedBy, proposal, sequenced, validFrom, until, at);
  }

  /** Whether a participant that has processed up to {@code processed} sees this row as current. */
  public boolean currentAt(Instant processed) {
    return !sequenced.isAfter(processed) && (closedAt == null || closedAt.isAfter(processed));
  }
}
