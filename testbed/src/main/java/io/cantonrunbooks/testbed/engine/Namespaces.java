package io.cantonrunbooks.testbed.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may act for which namespace, and the check of a signature made outside the nodes.
 *
 * <p>A namespace is the fingerprint of its root key. A participant's namespace (and so its local
 * parties) is owned by a key the node holds itself; its signatures are trusted as the node's own. A
 * namespace whose root key was registered here (an external party, a party in its own namespace)
 * accepts only Ed25519 signatures that verify against that key. A decentralized namespace is owned
 * by a threshold of its owners' namespaces.
 *
 * <p>Fingerprints and hashes follow Canton's rules: SHA-256 over the big-endian int32 hash purpose
 * followed by the data, written as a multihash ({@code 1220} + hex). Purpose 12 over the raw key
 * gives a key's fingerprint; purpose 37 over the sorted, length-prefixed owner namespaces gives a
 * decentralized namespace.
 */
public final class Namespaces {

  static final int PURPOSE_TOPOLOGY_TRANSACTION = 11;
  private static final int PURPOSE_PUBLIC_KEY_FINGERPRINT = 12;
  private static final int PURPOSE_DECENTRALIZED_NAMESPACE = 37;
  private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  /** A namespace owned jointly: {@code threshold} of {@code owners} must authorize for it. */
  public record Decentralized(String namespace, int threshold, List<String> owners) {
    public Decentralized {
      owners = List.copyOf(owners);
    }
  }

  private final Map<String, byte[]> rootKeys = new ConcurrentHashMap<>();
  private final Map<String, Decentralized> decentralized = new ConcurrentHashMap<>();

  /** Canton's fingerprint of an Ed25519 public key (computed over the raw 32 bytes). */
  public static String fingerprintOf(byte[] rawEd25519Key) {
    return multihashHex(digest(PURPOSE_PUBLIC_KEY_FINGERPRINT, rawEd25519Key));
  }

  /** The namespace Canton derives for a decentralized namespace with these owners. */
  public static String decentralizedNamespaceOf(Collection<String> owners) {
    ByteBuffer data = ByteBuffer.allocate(owners.stream().mapToInt(o -> 4 + o.length() * 4).sum());
    owners.stream().sorted().forEach(owner -> {
      byte[] utf8 = owner.getBytes(StandardCharsets.UTF_8);
      data.putInt(utf8.length).put(utf8);
    });
    byte[] bytes = new byte[data.position()];
    data.flip().get(bytes);
    return multihashHex(digest(PURPOSE_DECENTRALIZED_NAMESPACE, bytes));
  }

  /** Registers a root certificate (a self-signed NamespaceDelegation) and returns the namespace. */
  public String registerRootKey(byte[] rawEd25519Key) {
    if (rawEd25519Key.length != 32) {
      throw new CantonError("INVALID_PUBLIC_KEY", 8, "An Ed25519 public key has 32 bytes, got " + rawEd25519Key.length);
    }
    String namespace = fingerprintOf(rawEd25519Key);
    rootKeys.put(namespace, rawEd25519Key.clone());
    return namespace;
  }

  /** Defines a decentralized namespace over namespaces that already have root keys. */
  public String defineDecentralized(List<String> owners, int threshold) {
    if (owners.isEmpty() || threshold < 1 || threshold > owners.size() || Set.copyOf(owners).size() != owners.size()) {
      throw new CantonError("TOPOLOGY_INVALID_MAPPING", 8,
          "A decentralized namespace needs distinct owners and a threshold between 1 and their number");
    }
    String namespace = decentralizedNamespaceOf(owners);
    decentralized.put(namespace, new Decentralized(namespace, threshold, owners));
    return namespace;
  }

  public Optional<byte[]> rootKey(String namespace) {
    return Optional.ofNullable(rootKeys.get(namespace)).map(byte[]::clone);
  }

  public Map<String, byte[]> rootKeys() {
    return Map.copyOf(rootKeys);
  }

  public Optional<Decentralized> decentralized(String namespace) {
    return Optional.ofNullable(decentralized.get(namespace));
  }

  public Collection<Decentralized> decentralizedNamespaces() {
    return List.copyOf(decentralized.values());
  }

  /** Whether {@code signers} (key fingerprints) are enough to act for {@code namespace}. */
  public boolean authorizes(String namespace, Set<String> signers) {
    if (signers.contains(namespace)) {
      return true;
    }
    Decentralized d = decentralized.get(namespace);
    return d != null && d.owners().stream().filter(o -> authorizes(o, signers)).count() >= d.threshold();
  }

  /**
   * Checks a signature made outside the nodes over a transaction hash (the 34 multihash bytes).
   *
   * @throws CantonError {@code TOPOLOGY_NO_APPROPRIATE_SIGNING_KEY_IN_STORE} for a key no root
   *     certificate names, {@code TOPOLOGY_INVALID_TX_SIGNATURE} for a signature that does not verify
   */
  public void verify(byte[] transactionHash, String signedBy, byte[] signature) {
    byte[] raw = rootKeys.get(signedBy);
    if (raw == null) {
      throw new CantonError("TOPOLOGY_NO_APPROPRIATE_SIGNING_KEY_IN_STORE", 11,
          "No root certificate for a signing key with fingerprint " + signedBy);
    }
    boolean valid;
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509(raw)));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(transactionHash);
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw new CantonError("TOPOLOGY_INVALID_TX_SIGNATURE", 8,
          "Transaction signature verification failed for the key " + signedBy);
    }
  }

  /** A raw 32-byte Ed25519 key as X.509 SubjectPublicKeyInfo, the form Canton 3.x writes keys in. */
  public static byte[] x509(byte[] rawEd25519Key) {
    byte[] x509 = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + rawEd25519Key.length);
    System.arraycopy(rawEd25519Key, 0, x509, ED25519_X509_PREFIX.length, rawEd25519Key.length);
    return x509;
  }

  /** SHA-256 over the big-endian int32 purpose followed by {@code data}. */
  static byte[] digest(int purpose, byte[] data) {
    byte[] prefixed = ByteBuffer.allocate(4 + data.length).putInt(purpose).put(data).array();
    return Ids.sha256(prefixed);
  }

  /** The 34 multihash bytes (SHA-256 code 0x12, length 0x20, digest). */
  static byte[] multihash(byte[] sha256) {
    byte[] multihash = new byte[34];
    multihash[0] = 0x12;
    multihash[1] = 0x20;
    System.arraycopy(sha256, 0, multihash, 2, 32);
    return multihash;
  }

  private static String multihashHex(byte[] sha256) {
    return HexFormat.of().formatHex(multihash(sha256));
  }
}
