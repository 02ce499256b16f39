package io.cantonrunbooks.activities.nodes;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards a node. With {@code enabled} false the connection is plaintext. A trust collection
 * pins the CA (otherwise the JVM's trust store is used); a certificate chain and private key
 * together turn on mutual TLS.
 */
public record TlsConfig(
    boolean enabled,
    Optional<Path> trustCollection,
    Optional<Path> certChain,
    Optional<Path> privateKey) {

  public static TlsConfig plaintext() {
    return new TlsConfig(false, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean mutual() {
    return certChain.isPresent() && privateKey.isPresent();
  }
}
