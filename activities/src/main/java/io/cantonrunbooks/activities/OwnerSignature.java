package io.cantonrunbooks.activities;

/**
 * An Ed25519 signature of a party owner over a prepared transaction's hash.
 *
 * @param signedBy the fingerprint of the signing key (the owner's namespace for a root key)
 * @param signature the 64-byte signature, base64
 */
public record OwnerSignature(String signedBy, String signature) {}
