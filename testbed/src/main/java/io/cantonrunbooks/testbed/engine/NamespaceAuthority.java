package io.cantonrunbooks.testbed.engine;

import java.util.Set;

/**
 * Decides whether a set of signing keys authorizes a namespace.
 *
 * <p>The default treats a namespace as owned by the single key whose fingerprint equals it, which is
 * how a participant's namespace and its local parties work. Decentralized namespaces (a threshold of
 * owners) and parties owned by external keys plug in here without touching the topology processor.
 */
@FunctionalInterface
public interface NamespaceAuthority {
  /** Whether {@code signingKeys} (fingerprints) are enough to act for {@code namespace}. */
  boolean authorizes(String namespace, Set<String> signingKeys);

  /** The single-key ownership model of local parties and participant namespaces. */
  NamespaceAuthority SINGLE_KEY = (namespace, keys) -> keys.contains(namespace);
}
