package io.cantonrunbooks.activities;

/**
 * What the offline party replication preflight checks: a party, a synchronizer and the two nodes.
 */
public record OfflineReplicationPlan(
    String partyId, String synchronizerAlias, String sourceNode, String targetNode, Permission permission) {}
