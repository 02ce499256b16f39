package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.PruningActivities;
import io.cantonrunbooks.activities.PruningSchedule;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.activities.canton.Pruning;

/** {@link PruningActivities} over the Admin API's pruning service. */
public final class PruningActivitiesImpl implements PruningActivities {

  private final NodeClients nodes;

  public PruningActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public SavedPruningSchedule getSchedule(String node) {
    return Failures.guard(() -> new SavedPruningSchedule(node, pruning(node).getSchedule()
        .map(s -> new PruningSchedule(s.cron(), s.maxDuration(), s.retention()))
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
        pruning.setSchedule(new io.cantonrunbooks.activities.canton.PruningSchedule(s.cron(), s.maxDuration(), s.retention()));
      } else {
        pruning.clearSchedule();
      }
    });
  }

  private Pruning pruning(String node) {
    return nodes.client(node).pruning();
  }
}
