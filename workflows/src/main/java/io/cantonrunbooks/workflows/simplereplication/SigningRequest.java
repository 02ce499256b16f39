package io.cantonrunbooks.workflows.simplereplication;

import java.util.List;

/**
 * What the party's owners must sign, published while the runbook waits for them (the
 * {@code signingRequest} query, {@code runbook show-tx}).
 *
 * @param transactionHash the bytes to sign, as hex: the 34-byte multihash of the prepared transaction
 * @param serializedTransaction the transaction itself (base64), for owners who check what they sign
 * @param threshold how many distinct owners must sign
 * @param owners every owner, and whether its signature is in
 * @param waiting whether the runbook is waiting for signatures now
 */
public record SigningRequest(
    String partyId,
    int serial,
    String transactionHash,
    String serializedTransaction,
    int threshold,
    List<OwnerState> owners,
    boolean waiting) {

  /**
   * One owner: its namespace (its root key's fingerprint), that key (raw Ed25519, base64), and
   * whether it has signed.
   */
  public record OwnerState(String namespace, String ed25519PublicKey, boolean signed) {}
}
