package io.cantonrunbooks.worker.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards the Temporal frontend. A client certificate and key together turn on mutual TLS
 * (Temporal Cloud's certificate authentication); a CA pins the server's issuer, otherwise the JVM's
 * trust store is used.
 *
 * @param cert PEM client certificate chain
 * @param key PEM PKCS#8 private key of the client certificate
 * @param ca PEM certificates that may issue the server's certificate
 * @param serverName the name to verify in the server's certificate, when it differs from the host
 */
public record TemporalTls(
    Optional<Path> cert, Optional<Path> key, Optional<Path> ca, Optional<String> serverName) {}
