package io.cantonrunbooks.activities;

import java.util.List;

/**
 * What the simple party replication preflight checks.
 *
 * @param threshold the confirmation threshold after the change, or null to keep the current one
 * @param packageIds packages the party will use, to be vetted on every target (may be empty)
 */
public record SimpleReplicationPlan(
    String partyId,
    String synchronizerAlias,
    String sourceNode,
    List<String> targetNodes,
    Permission permission,
    Integer threshold,
    List<String> packageIds) {}
