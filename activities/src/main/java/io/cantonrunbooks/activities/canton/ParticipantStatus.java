package io.cantonrunbooks.activities.canton;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a participant says about itself.
 *
 * @param initialized false while the node waits for its identity or topology to be set up
 * @param uid the participant's UID (empty when not initialized)
 * @param version the release string ({@code 3.5.2}); may be empty on a 3.4 node that is not
 *     initialized
 * @param active whether this replica is the active one
 * @param uptime how long the node has been up, when initialized
 * @param connectedSynchronizers physical ids of the synchronizers it is connected to, with health
 * @param supportedProtocolVersions protocol versions this node can run
 */
public record ParticipantStatus(
    boolean initialized,
    String uid,
    String version,
    boolean active,
    Optional<Duration> uptime,
    List<SynchronizerHealth> connectedSynchronizers,
    List<Integer> supportedProtocolVersions) {

  /** A connected synchronizer and whether its connection is healthy. */
  public record SynchronizerHealth(String physicalId, boolean healthy) {}

  public ParticipantStatus {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(uptime, "uptime");
    connectedSynchronizers = List.copyOf(connectedSynchronizers);
    supportedProtocolVersions = List.copyOf(supportedProtocolVersions);
  }
}
