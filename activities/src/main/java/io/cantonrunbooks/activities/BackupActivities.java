package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Node backups through the node's configured backup provider. Run on the node's task queue. */
@ActivityInterface(namePrefix = "Backup_")
public interface BackupActivities {

  /** Takes a backup of the node's state. A retry takes a new backup. */
  @ActivityMethod
  BackupRef backup(String node);

  /**
   * Restores the node from a backup after checking the backup's checksum. The node must be
   * disconnected from every synchronizer. Restoring the same backup twice gives the same state.
   */
  @ActivityMethod
  void restore(BackupRef backup);
}
