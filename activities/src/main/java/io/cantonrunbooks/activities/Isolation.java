package io.cantonrunbooks.activities;

import java.util.List;

/**
 * What isolating a node changed: for each registered synchronizer, whether it was connected and
 * whether it was set to connect automatically. Restoring connectivity puts back exactly this.
 */
public record Isolation(String node, List<Connection> connections) {

  /** One synchronizer connection as it was before the node was isolated. */
  public record Connection(String synchronizerAlias, boolean wasConnected, boolean wasManualConnect) {}
}
