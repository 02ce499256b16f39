package io.cantonrunbooks.activities;

/**
 * A compact fingerprint of a party's active contracts on one node, to compare two nodes without
 * moving the contracts: the count and an order-independent digest of the contract ids.
 *
 * @param ledgerOffset the node's offset the summary was taken at
 */
public record AcsSummary(String node, String partyId, long ledgerOffset, long contracts, String digest) {

  public boolean sameContractsAs(AcsSummary other) {
    return contracts == other.contracts && digest.equals(other.digest);
  }
}
