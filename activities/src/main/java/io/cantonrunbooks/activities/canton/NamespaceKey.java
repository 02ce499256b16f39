package io.cantonrunbooks.activities.canton;

/**
 * A key that may sign for a namespace, from the namespace's delegation certificates.
 *
 * @param namespace the namespace fingerprint
 * @param ed25519 the raw 32-byte Ed25519 public key, or null for a key of another kind
 * @param root whether this is the namespace's root key (its fingerprint is the namespace)
 */
public record NamespaceKey(String namespace, byte[] ed25519, boolean root) {}
