package io.cantonrunbooks.activities.canton;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export for offline party replication, on the source participant.
 *
 * @param partyId the party being replicated
 * @param synchronizerId logical synchronizer; only contracts assigned to it are exported
 * @param targetParticipantUid the participant the party is being added to
 * @param beginOffsetExclusive a source ledger offset before the party's activation on the target;
 *     the node exports at the FIRST activation after it
 * @param waitForActivation how long the node waits for the activation; empty for its default (two
 *     minutes)
 */
public record PartyAcsExport(
    String partyId,
    String synchronizerId,
    String targetParticipantUid,
    long beginOffsetExclusive,
    Optional<Duration> waitForActivation) {

  public PartyAcsExport {
    Objects.requireNonNull(partyId, "partyId");
    Objects.requireNonNull(synchronizerId, "synchronizerId");
    Objects.requireNonNull(targetParticipantUid, "targetParticipantUid");
    Objects.requireNonNull(waitForActivation, "waitForActivation");
    if (beginOffsetExclusive <= 0) {
      throw new IllegalArgumentException("beginOffsetExclusive must be positive, got " + beginOffsetExclusive);
    }
  }
}
