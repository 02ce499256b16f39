package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The automatic pruning schedule, like the console's {@code pruning} group. */
@ActivityInterface(namePrefix = "Pruning_")
public interface PruningActivities {

  /** Reads the node's schedule (console: {@code pruning.get_schedule}). Only reads. */
  @ActivityMethod
  SavedPruningSchedule getSchedule(String node);

  /** Clears the node's schedule (console: {@code pruning.clear_schedule}). Clearing twice is fine. */
  @ActivityMethod
  void clearSchedule(String node);

  /**
   * Puts back a schedule saved by {@link #getSchedule}: sets it when there was one, clears it when
   * there was none. Safe to repeat.
   */
  @ActivityMethod
  void ensureSchedule(SavedPruningSchedule saved);
}
