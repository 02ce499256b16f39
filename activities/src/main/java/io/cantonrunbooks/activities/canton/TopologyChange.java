package io.cantonrunbooks.activities.canton;

import java.util.List;
import java.util.Objects;

/**
 * What the node returned after signing a topology transaction.
 *
 * @param serial the transaction's serial
 * @param proposal true while the transaction still lacks signatures
 * @param signedBy fingerprints of the keys that have signed it so far
 */
public record TopologyChange(long serial, boolean proposal, List<String> signedBy) {

  public TopologyChange {
    signedBy = List.copyOf(Objects.requireNonNull(signedBy, "signedBy"));
  }
}
