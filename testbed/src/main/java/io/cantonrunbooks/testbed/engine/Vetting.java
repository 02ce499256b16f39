package io.cantonrunbooks.testbed.engine;

import java.time.Instant;
import java.util.Set;

/**
 * A VettedPackages topology transaction: the complete set of packages one participant has vetted on
 * the synchronizer from {@code effective} on (a later transaction for the same participant replaces
 * it). Only the participant signs it.
 *
 * @param serial 1 for the participant's first vetting, then one more per change
 * @param sequenced when the synchronizer sequenced it; a node knows it once it has processed that time
 * @param effective sequencing time + topology change delay; it applies to timestamps after this
 */
public record Vetting(String participantUid, int serial, Set<String> packages, Instant sequenced, Instant effective) {

  public Vetting {
    packages = Set.copyOf(packages);
  }
}
