package io.cantonrunbooks.activities.canton;

import java.time.Instant;
import java.util.Objects;

/**
 * One ACS commitment period between this participant and a counter-participant.
 *
 * @param synchronizerId the synchronizer the commitment belongs to
 * @param counterParticipant the other participant's UID (sender of a received commitment,
 *     recipient of a sent one)
 * @param periodFromExclusive start of the period (exclusive)
 * @param periodToInclusive end of the period (inclusive), the tick the commitment was computed at
 * @param state how the two sides compare
 */
public record AcsCommitment(
    String synchronizerId,
    String counterParticipant,
    Instant periodFromExclusive,
    Instant periodToInclusive,
    CommitmentState state) {

  public AcsCommitment {
    Objects.requireNonNull(synchronizerId, "synchronizerId");
    Objects.requireNonNull(counterParticipant, "counterParticipant");
    Objects.requireNonNull(periodFromExclusive, "periodFromExclusive");
    Objects.requireNonNull(periodToInclusive, "periodToInclusive");
    Objects.requireNonNull(state, "state");
  }
}
