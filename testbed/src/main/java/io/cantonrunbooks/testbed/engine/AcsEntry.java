package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;

/**
 * A contract's life on one participant: the offset that activated it and the offset that archived it.
 *
 * <p>A tombstone is an archive recorded for a contract the participant never had (a connected
 * onboarding host processing the party's traffic): it has no activation, and it makes a later import
 * of that contract fail.
 */
public record AcsEntry(Contract contract, long activatedAt, Long archivedAt, boolean tombstone)
    implements Serializable {

  /** Whether the contract is active as of {@code offset}. */
  public boolean activeAt(long offset) {
    return !tombstone && activatedAt <= offset && (archivedAt == null || archivedAt > offset);
  }

  AcsEntry archive(long offset) {
    return new AcsEntry(contract, activatedAt, offset, tombstone);
  }
}
