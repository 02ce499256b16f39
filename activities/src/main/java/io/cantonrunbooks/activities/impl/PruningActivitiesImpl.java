package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.PruningActivities;
import io.cantonrunbooks.activities.PruningSchedule;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.activities.canton.ParticipantPruningSchedule;
import io.cantonrunbooks.activities.canton.Pruning;

/** {@link PruningActivities} over the Admin API's pruning service. */
public final class PruningActivitiesImpl implements PruningActivities {

  private final NodeClients nodes;

  public PruningActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public SavedPruningSchedule getSchedule(String node) {
    // The participant schedule, not the generic one: only it says whether pruning is internal
    // only, and restoring without that would switch the node to pruning its Ledger API index too.
    return Failures.guard(() -> new SavedPruningSchedule(node, pruning(node).getParticipantSchedule()
        .map(p -> new PruningSchedule(
            p.schedule().cron(), p.schedule().maxDuration(), p.schedule().retention(), p.pruneInternallyOnly()))
        .orElse(null)));
  }

  @Override
  public void clearSchedule(String node) {
    Failures.run(() -> pruning(node).clearSchedule());
  }

  @Override
  public void ensureSchedule(SavedPruningSchedule saved) {
    Failures.run(() -> {
      Pruning pruning = pruning(saved.node());
      if (saved.hadSchedule()) {
        PruningSchedule s = saved.schedule();
        var schedule = new io.cantonrunbooks.activities.canton.PruningSchedule(s.cron(), s.maxDuration(), s.retention());
        if (s.internallyOnly()) {
          pruning.setParticipantSchedule(new ParticipantPruningSchedule(schedule, true));
        } else {
          pruning.setSchedule(schedule);
        }
      } else {
        pruning.clearSchedule();
      }
    });
  }

  private Pruning pruning(String node) {
    return nodes.client(node).pruning();
  }
}
