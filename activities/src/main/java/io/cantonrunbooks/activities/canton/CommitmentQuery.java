package io.cantonrunbooks.activities.canton;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which ACS commitments to look up. Empty collections mean "all".
 *
 * @param synchronizerId restrict to one synchronizer; empty for every synchronizer
 * @param fromExclusive with {@code toInclusive}: the time range; both empty for the latest period
 * @param counterParticipants restrict to these counter-participants
 * @param states restrict to these states, e.g. {@code MISMATCH}
 */
public record CommitmentQuery(
    Optional<String> synchronizerId,
    Optional<Instant> fromExclusive,
    Optional<Instant> toInclusive,
    List<String> counterParticipants,
    Set<CommitmentState> states) {

  public CommitmentQuery {
    Objects.requireNonNull(synchronizerId, "synchronizerId");
    Objects.requireNonNull(fromExclusive, "fromExclusive");
    Objects.requireNonNull(toInclusive, "toInclusive");
    counterParticipants = List.copyOf(counterParticipants);
    states = Set.copyOf(states);
    if (fromExclusive.isPresent() != toInclusive.isPresent()) {
      throw new IllegalArgumentException("give both ends of the time range or neither");
    }
    if (synchronizerId.isEmpty() && fromExclusive.isPresent()) {
      throw new IllegalArgumentException("a time range needs a synchronizer id");
    }
  }

  /** The latest period on every synchronizer, with every counter-participant, in any state. */
  public static CommitmentQuery latest() {
    return new CommitmentQuery(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Set.of());
  }

  /** Periods on one synchronizer within a time range. */
  public static CommitmentQuery between(String synchronizerId, Instant fromExclusive, Instant toInclusive) {
    return new CommitmentQuery(
        Optional.of(synchronizerId), Optional.of(fromExclusive), Optional.of(toInclusive), List.of(), Set.of());
  }

  public CommitmentQuery onlyIn(CommitmentState... wanted) {
    return new CommitmentQuery(synchronizerId, fromExclusive, toInclusive, counterParticipants, Set.of(wanted));
  }
}
