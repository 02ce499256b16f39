package io.cantonrunbooks.activities.canton;

import java.util.Objects;

/**
 * A synchronizer the participant is connected to right now.
 *
 * @param alias the participant-local name
 * @param synchronizerId the logical synchronizer id
 * @param physicalId the physical synchronizer id
 * @param healthy whether the connection is healthy
 */
public record ConnectedSynchronizer(String alias, String synchronizerId, String physicalId, boolean healthy) {

  public ConnectedSynchronizer {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(synchronizerId, "synchronizerId");
    Objects.requireNonNull(physicalId, "physicalId");
  }
}
