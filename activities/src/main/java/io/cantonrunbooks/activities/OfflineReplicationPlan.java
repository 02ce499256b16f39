package io.cantonrunbooks.activities;

import java.util.Map;

/**
 * What the offline party replication preflight checks: a party, a synchronizer and the two nodes,
 * and the approver keys of the runbook's input against the worker's approver registry.
 *
 * @param approverKeys the input's {@code approvals.approverKeys} (null or empty: none)
 */
public record OfflineReplicationPlan(
    String partyId,
    String synchronizerAlias,
    String sourceNode,
    String targetNode,
    Permission permission,
    Map<String, String> approverKeys) {

  /** A plan without approver keys. */
  public OfflineReplicationPlan(
      String partyId, String synchronizerAlias, String sourceNode, String targetNode, Permission permission) {
    this(partyId, synchronizerAlias, sourceNode, targetNode, permission, null);
  }
}
