package io.cantonrunbooks.activities;

import java.util.List;

/**
 * Who signs for a party: the namespace that owns it and the keys that may act for that namespace.
 *
 * @param namespace the party's namespace (the part of the party id after {@code ::})
 * @param threshold how many distinct owners must sign (1 unless decentralized)
 * @param owners the owners and their root keys; empty for a local party, whose node holds the key
 */
public record PartyOwnership(Kind kind, String namespace, int threshold, List<Owner> owners) {

  public PartyOwnership {
    owners = List.copyOf(owners);
  }

  /** How the party's namespace is held. */
  public enum Kind {
    /** Owned by the source participant's namespace: the source signs. */
    LOCAL,
    /** In its own namespace, whose key is held outside the nodes. */
    OWN_NAMESPACE,
    /** An external party: its own namespace, and signing keys in the mapping. Cannot be hosted with submission. */
    EXTERNAL,
    /** A decentralized namespace: a threshold of distinct owners must sign. */
    DECENTRALIZED
  }

  /**
   * One owner of the namespace.
   *
   * @param namespace the owner's namespace, which is its root key's fingerprint
   * @param ed25519PublicKey the raw 32-byte Ed25519 root key, base64
   */
  public record Owner(String namespace, String ed25519PublicKey) {}

  /** Whether the source participant signs for the party itself. */
  public boolean signedByNode() {
    return kind == Kind.LOCAL;
  }
}
