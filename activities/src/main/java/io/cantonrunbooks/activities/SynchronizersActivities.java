package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Synchronizer connectivity, like the console's {@code synchronizers} group. */
@ActivityInterface(namePrefix = "Synchronizers_")
public interface SynchronizersActivities {

  /**
   * Isolates the node: sets manual connect on every registered synchronizer (so a restart does not
   * reconnect it), disconnects them all, and checks that none is connected any more. Returns what it
   * found before changing anything; a retry after a partial run returns the state the first
   * attempt recorded only if the caller passes it back, so callers register the compensation with
   * the returned value.
   */
  @ActivityMethod
  Isolation isolate(String node);

  /**
   * Fails with {@code TARGET_STILL_CONNECTED} when the node is connected to any synchronizer.
   * Runbooks call this right before every step that is only safe on an isolated node.
   */
  @ActivityMethod
  void assertIsolated(String node);

  /**
   * Undoes {@link #isolate}: reconnects each synchronizer that was connected (one at a time, never
   * with the plural reconnect) and puts back its manual-connect setting. Safe to repeat.
   */
  @ActivityMethod
  void restoreConnectivity(Isolation isolation);
}
