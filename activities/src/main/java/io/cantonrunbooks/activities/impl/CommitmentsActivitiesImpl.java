package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.CommitmentsActivities;
import io.cantonrunbooks.activities.canton.CommitmentQuery;
import io.cantonrunbooks.activities.canton.CommitmentState;
import java.time.Instant;
import java.util.List;

/** {@link CommitmentsActivities} over the participant inspection service. */
public final class CommitmentsActivitiesImpl implements CommitmentsActivities {

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
          .map(c -> c.counterParticipant() + " (" + c.periodFromExclusive() + ", " + c.periodToInclusive() + "]")
          .toList();
    });
  }
}
