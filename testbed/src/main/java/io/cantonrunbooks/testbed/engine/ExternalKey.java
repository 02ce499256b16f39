package io.cantonrunbooks.testbed.engine;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * An Ed25519 key held outside the nodes, as a party owner or an external party would hold it. Tests
 * use it to create parties in their own namespaces and to sign what a runbook asks them to sign.
 */
public final class ExternalKey {
  private final KeyPair pair;
  private final byte[] raw;

  private ExternalKey(KeyPair pair) {
    this.pair = pair;
    byte[] x509 = pair.getPublic().getEncoded();
    this.raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
  }

  public static ExternalKey generate() {
    try {
      return new ExternalKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The raw 32-byte public key. */
  public byte[] rawPublicKey() {
    return raw.clone();
  }

  /** Canton's fingerprint of the key, which is also the namespace it roots. */
  public String fingerprint() {
    return Namespaces.fingerprintOf(raw);
  }

  /** The private key, for tests that hand it to a CLI as a key file. */
  public PrivateKey privateKey() {
    return pair.getPrivate();
  }

  public java.security.PublicKey publicKey() {
    return pair.getPublic();
  }

  public byte[] sign(byte[] data) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
