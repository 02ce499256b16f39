package io.cantonrunbooks.activities.canton;

import java.util.Objects;
import java.util.Optional;

/**
 * A synchronizer connection stored on a participant.
 *
 * @param alias the participant-local name of the connection
 * @param connected whether the participant is connected right now
 * @param manualConnect whether automatic reconnects (startup, failover) skip it; explicit
 *     reconnect calls connect it anyway
 * @param physicalId the physical synchronizer id, once known after the first handshake
 * @param priority preference when several synchronizers could take a submission
 * @param status the connection's lifecycle status ({@code UNSPECIFIED} on 3.4 nodes)
 */
public record RegisteredSynchronizer(
    String alias,
    boolean connected,
    boolean manualConnect,
    Optional<String> physicalId,
    int priority,
    Status status) {

  /** Lifecycle status of a stored connection. */
  public enum Status {
    UNSPECIFIED,
    ACTIVE,
    HARD_MIGRATING_SOURCE,
    HARD_MIGRATING_TARGET,
    LSU_SOURCE,
    LSU_TARGET,
    INACTIVE
  }

  public RegisteredSynchronizer {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(physicalId, "physicalId");
    Objects.requireNonNull(status, "status");
  }
}
