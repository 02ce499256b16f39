package io.cantonrunbooks.activities;

/**
 * The pruning schedule a node had before a runbook changed it, kept in workflow history so that the
 * compensation restores exactly this and never reads it again.
 *
 * @param schedule the schedule, or null when the node had none
 */
public record SavedPruningSchedule(String node, PruningSchedule schedule) {

  public boolean hadSchedule() {
    return schedule != null;
  }
}
