package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Synchronizer connectivity, like the console's {@code synchronizers} group. */
@ActivityInterface(namePrefix = "Synchronizers_")
public interface SynchronizersActivities {

  /**
   * Reads, for every synchronizer registered on the node, whether it is connected and whether it is
   * set to connect manually. Only reads: a runbook records this before isolating the node, so that
   * the compensation can put back exactly this state even if the isolation call times out halfway.
   */
  @ActivityMethod
  Isolation connectivity(String node);

  /**
   * Isolates the node: sets manual connect on every registered synchronizer (so that a restart does
   * not reconnect it), disconnects them all, and checks that none is connected any more. Never uses
   * the plural reconnect. Safe to repeat.
   */
  @ActivityMethod
  void isolate(String node);

  /**
   * Fails with {@code TARGET_STILL_CONNECTED} when the node is connected to any synchronizer.
   * Runbooks call this right before every step that is only safe on an isolated node.
   */
  @ActivityMethod
  void assertIsolated(String node);

  /**
   * Undoes {@link #isolate} with the state {@link #connectivity} read before it: reconnects each synchronizer that was connected (one at a time, never
   * with the plural reconnect) and puts back its manual-connect setting. Safe to repeat.
   */
  @ActivityMethod
  void restoreConnectivity(Isolation isolation);
}
