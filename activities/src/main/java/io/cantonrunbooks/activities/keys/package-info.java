/**
 * Ed25519 keys as operators already hold them: OpenSSH public keys ({@code ssh-ed25519 AAAA…}),
 * OpenSSH and PKCS#8 private keys, signing and verifying with the JDK's own Ed25519, and OpenSSH
 * fingerprints. Pure computation, no files: callers read the files. Workflow code may verify with
 * it (verification is deterministic); only the CLI signs.
 */
package io.cantonrunbooks.activities.keys;
