package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.LedgerActivities;

/** {@link LedgerActivities} over the Ledger API. */
public final class LedgerActivitiesImpl implements LedgerActivities {

  private final NodeClients nodes;

  public LedgerActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public long ledgerEnd(String node) {
    return Failures.guard(() -> nodes.client(node).ledger().ledgerEnd());
  }
}
