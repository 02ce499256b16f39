package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.CommitmentCheck;
import io.cantonrunbooks.activities.CommitmentsActivities;
import io.cantonrunbooks.activities.canton.AcsCommitment;
import io.cantonrunbooks.activities.canton.CommitmentQuery;
import io.cantonrunbooks.activities.canton.CommitmentState;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** {@link CommitmentsActivities} over the participant inspection service. */
public final class CommitmentsActivitiesImpl implements CommitmentsActivities {

  /** How often {@link #commitmentsAfter} asks the node again. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final NodeClients nodes;

  public CommitmentsActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<String> mismatchesSince(String node, String synchronizerAlias, Instant since) {
    return Failures.guard(() -> {
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      return nodes.client(node).commitments().lookupReceived(CommitmentQuery.latest().onlyIn(CommitmentState.MISMATCH))
          .stream()
          .filter(c -> c.synchronizerId().equals(sync) && c.periodToInclusive().isAfter(since))
          .map(CommitmentsActivitiesImpl::describe)
          .toList();
    });
  }

  @Override
  public CommitmentCheck commitmentsAfter(
      String node, String synchronizerAlias, String counterParticipantUid, Instant since, Duration maxWait) {
    return Failures.guard(() -> {
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      // Counted from since, not from this attempt's start: a retried attempt does not wait again.
      Instant deadline = since.plus(maxWait);
      while (true) {
        CommitmentCheck check = receivedAfter(node, sync, counterParticipantUid, since, deadline);
        Instant now = Instant.now();
        if (check.compared() || !now.isBefore(deadline)) {
          return check;
        }
        Heartbeats.progress("waiting until " + deadline + " for " + node + " to compare a commitment from "
            + counterParticipantUid + " for a period ending after " + since + "; " + soFar(check));
        Duration left = Duration.between(now, deadline);
        PartiesActivitiesImpl.pause(left.compareTo(POLL) < 0 ? left : POLL);
      }
    });
  }

  /** One look at the periods ending after {@code since}, with every counter-participant. */
  private CommitmentCheck receivedAfter(String node, String sync, String counterUid, Instant since, Instant deadline) {
    Instant now = Instant.now();
    // Periods overlapping the range come back; the range reaches at least the deadline so that it is never empty.
    List<AcsCommitment> received = nodes.client(node).commitments()
        .lookupReceived(CommitmentQuery.between(sync, since, now.isAfter(deadline) ? now : deadline))
        .stream()
        .filter(c -> c.synchronizerId().equals(sync) && c.periodToInclusive().isAfter(since))
        .sorted(Comparator.comparing(AcsCommitment::periodToInclusive))
        .toList();
    List<CommitmentCheck.Period> periods = received.stream()
        .filter(c -> c.counterParticipant().equals(counterUid))
        .map(c -> new CommitmentCheck.Period(c.periodFromExclusive(), c.periodToInclusive(), c.state().name()))
        .toList();
    List<String> mismatches = received.stream()
        .filter(c -> c.state() == CommitmentState.MISMATCH)
        .map(CommitmentsActivitiesImpl::describe)
        .toList();
    return new CommitmentCheck(counterUid, periods, mismatches);
  }

  private static String soFar(CommitmentCheck check) {
    List<CommitmentCheck.Period> periods = check.periods();
    return periods.isEmpty() ? "none received yet"
        : periods.size() + " period(s) received, the latest " + periods.get(periods.size() - 1);
  }

  /** A period as operators quote it: counter-participant and (from, to]. */
  private static String describe(AcsCommitment c) {
    return c.counterParticipant() + " (" + c.periodFromExclusive() + ", " + c.periodToInclusive() + "]";
  }
}
