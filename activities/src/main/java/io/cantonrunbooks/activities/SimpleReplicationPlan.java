package io.cantonrunbooks.activities;

import java.util.List;
import java.util.Map;

/**
 * What the simple party replication preflight checks.
 *
 * @param threshold the confirmation threshold after the change, or null to keep the current one
 * @param packageIds packages the party will use, to be vetted on every target (may be empty)
 * @param approverKeys the input's {@code approvals.approverKeys}, checked against the worker's
 *     approver registry (null or empty: none)
 */
public record SimpleReplicationPlan(
    String partyId,
    String synchronizerAlias,
    String sourceNode,
    List<String> targetNodes,
    Permission permission,
    Integer threshold,
    List<String> packageIds,
    Map<String, String> approverKeys) {

  /** A plan without approver keys. */
  public SimpleReplicationPlan(
      String partyId,
      String synchronizerAlias,
      String sourceNode,
      List<String> targetNodes,
      Permission permission,
      Integer threshold,
      List<String> packageIds) {
    this(partyId, synchronizerAlias, sourceNode, targetNodes, permission, threshold, packageIds, null);
  }
}
