package io.cantonrunbooks.worker.config;

import java.util.Optional;

/**
 * How to reach Temporal: {@code host:port} of a frontend (dev-server, self-hosted cluster or
 * Temporal Cloud), or {@value #EMBEDDED} for a test server inside this process.
 *
 * @param address {@code host:port}, or {@value #EMBEDDED}
 * @param namespace the Temporal namespace; the test server accepts any name
 * @param tls TLS settings, empty for plaintext
 * @param apiKey the Temporal Cloud API key, if any; implies TLS
 * @param encryption payload encryption, empty when payloads are stored as plain JSON
 */
public record TemporalSettings(
    String address,
    String namespace,
    Optional<TemporalTls> tls,
    Optional<ApiKeySource> apiKey,
    Optional<EncryptionSettings> encryption) {

  /** Settings without payload encryption. */
  public TemporalSettings(
      String address, String namespace, Optional<TemporalTls> tls, Optional<ApiKeySource> apiKey) {
    this(address, namespace, tls, apiKey, Optional.empty());
  }

  /** The address value that means "start the test server inside this process". */
  public static final String EMBEDDED = "embedded";

  /** Whether the server runs inside this process (no TLS, no persistence, no other clients). */
  public boolean embedded() {
    return EMBEDDED.equals(address);
  }

  /** Whether the connection uses TLS, either configured or implied by an API key. */
  public boolean usesTls() {
    return tls.isPresent() || apiKey.isPresent();
  }
}
