package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.Isolation;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.SynchronizersActivities;
import io.cantonrunbooks.activities.canton.ConnectedSynchronizer;
import io.cantonrunbooks.activities.canton.RegisteredSynchronizer;
import io.cantonrunbooks.activities.canton.Synchronizers;
import java.time.Duration;
import java.util.List;

/**
 * {@link SynchronizersActivities} over the Admin API. Reconnects one synchronizer at a time: the
 * plural reconnect also connects manual-connect synchronizers and would break an isolation.
 */
public final class SynchronizersActivitiesImpl implements SynchronizersActivities {

  private static final Duration RECONNECT_WAIT = Duration.ofMinutes(1);

  private final NodeClients nodes;

  public SynchronizersActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public Isolation connectivity(String node) {
    return Failures.guard(() -> new Isolation(node, synchronizers(node).listRegistered(false).stream()
        .map(s -> new Isolation.Connection(s.alias(), s.connected(), s.manualConnect()))
        .toList()));
  }

  @Override
  public void isolate(String node) {
    Failures.run(() -> {
      Synchronizers synchronizers = synchronizers(node);
      for (RegisteredSynchronizer registered : synchronizers.listRegistered(false)) {
        if (!registered.manualConnect()) {
          synchronizers.setManualConnect(registered.alias(), true);
        }
      }
      synchronizers.disconnectAll();
      List<String> still = connected(synchronizers);
      if (!still.isEmpty()) {
        // Retryable: a disconnect that raced with a reconnect may succeed on the next attempt.
        throw Failures.retryable(RunbookError.TARGET_STILL_CONNECTED,
            node + " is still connected to " + still + " after disconnecting all synchronizers");
      }
    });
  }

  @Override
  public void assertIsolated(String node) {
    Failures.run(() -> {
      List<String> still = connected(synchronizers(node));
      if (!still.isEmpty()) {
        throw Failures.fail(RunbookError.TARGET_STILL_CONNECTED,
            node + " is connected to " + still + " but must be isolated at this step; something reconnected it");
      }
    });
  }

  @Override
  public void restoreConnectivity(Isolation isolation) {
    Failures.run(() -> {
      Synchronizers synchronizers = synchronizers(isolation.node());
      for (Isolation.Connection connection : isolation.connections()) {
        if (connection.wasConnected()) {
          if (!synchronizers.reconnect(connection.synchronizerAlias(), false, RECONNECT_WAIT)) {
            throw io.temporal.failure.ApplicationFailure.newFailure(
                isolation.node() + " could not reconnect to " + connection.synchronizerAlias()
                    + ": the synchronizer is offline", "SYNCHRONIZER_OFFLINE");
          }
        }
        synchronizers.setManualConnect(connection.synchronizerAlias(), connection.wasManualConnect());
      }
    });
  }

  private static List<String> connected(Synchronizers synchronizers) {
    return synchronizers.listConnected().stream().map(ConnectedSynchronizer::alias).toList();
  }

  private Synchronizers synchronizers(String node) {
    return nodes.client(node).synchronizers();
  }
}
