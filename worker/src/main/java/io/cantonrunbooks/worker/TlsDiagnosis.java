package io.cantonrunbooks.worker;

import io.cantonrunbooks.worker.config.TemporalSettings;
import io.cantonrunbooks.worker.config.TemporalTls;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a TLS connection to Temporal failed, in the operator's terms: which side refused what, and
 * which {@code temporal.tls} key to change. gRPC reports every handshake failure as {@code
 * UNAVAILABLE} with the TLS library's exception somewhere in the causes; this reads those causes.
 *
 * <p>Four failures are told apart: the server's certificate does not name the host (or {@code
 * server-name}); it is not issued by a CA we trust ({@code ca}); the server wants a client
 * certificate we do not present or whose issuer it does not trust ({@code cert}, {@code key}); the
 * server does not speak TLS at all. A TLS 1.3 server that lists the CAs it accepts makes the
 * client send no certificate when ours is from another CA, so "none configured" and "not
 * accepted" are told apart by the configuration, not by the alert. A plaintext client facing a TLS
 * server only sees the connection closed; it is told that TLS may be what is missing.
 *
 * @param reason what happened, the end of "cannot reach Temporal at ADDRESS: ..."
 * @param fix the change to make, naming the key
 */
record TlsDiagnosis(String reason, String fix) {

  /** Alerts a server sends when it does not accept the client's certificate (or its absence). */
  private static final String[] CLIENT_CERT_ALERTS = {
    "CERTIFICATE_REQUIRED", "BAD_CERTIFICATE", "UNKNOWN_CA", "CERTIFICATE_UNKNOWN", "ACCESS_DENIED",
    "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED"
  };

  /** The diagnosis of a failed connection, or empty when TLS was not the problem. */
  static Optional<TlsDiagnosis> of(Throwable failure, TemporalSettings settings) {
    String host = host(settings.address());
    Optional<TemporalTls> tls = settings.tls();
    if (!settings.usesTls()) {
      // A TLS server closes a plaintext HTTP/2 connection without a word; gRPC can only say that.
      return String.valueOf(failure.getMessage()).contains("Network closed for unknown reason")
          ? Optional.of(new TlsDiagnosis(
              "the server closed the connection without answering (Network closed for unknown reason)",
              "If the server expects TLS, configure temporal.tls (docs/security.md); otherwise check temporal.address."))
          : Optional.empty();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      String upper = message.toUpperCase(Locale.ROOT);
      if (t instanceof CertificateException && (message.contains("No subject alternative")
          || message.contains("No name matching") || message.contains("does not match"))) {
        String name = tls.flatMap(TemporalTls::serverName).orElse(host);
        boolean overridden = tls.flatMap(TemporalTls::serverName).isPresent();
        return Optional.of(new TlsDiagnosis(
            "the server's certificate is not valid for the name \"" + name + "\"" + (overridden ? " (temporal.tls.server-name)" : "")
                + ": " + namesHeld(message),
            overridden
                ? "Set temporal.tls.server-name to a name the server's certificate holds, or remove it."
                : "Connect by a name the server's certificate holds (temporal.address), or set temporal.tls.server-name to it."));
      }
      if (message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
        Optional<Path> ca = tls.flatMap(TemporalTls::ca);
        return Optional.of(new TlsDiagnosis(
            "the server's certificate is not issued by a CA we trust ("
                + ca.map(p -> "temporal.tls.ca = " + p).orElse("the JVM's trust store; temporal.tls.ca is not set") + ")",
            "Set temporal.tls.ca to the PEM certificate of the CA that issued the server's certificate."));
      }
      for (String alert : CLIENT_CERT_ALERTS) {
        if (upper.contains("ALERT_" + alert) || upper.contains(alert.replace('_', ' ') + " ALERT")
            || upper.contains("ALERT: " + alert.replace('_', ' '))) {
          return Optional.of(clientCertificate(tls, alert));
        }
      }
      if (message.contains("NotSslRecordException") || t.getClass().getSimpleName().equals("NotSslRecordException")
          || upper.contains("WRONG_VERSION_NUMBER") || message.contains("not an SSL/TLS record")) {
        return Optional.of(new TlsDiagnosis(
            "the server does not speak TLS",
            "Remove the temporal.tls block (a plaintext server such as `runbook dev-server` without --tls-cert),"
                + " or check temporal.address."));
      }
    }
    return Optional.empty();
  }

  private static TlsDiagnosis clientCertificate(Optional<TemporalTls> tls, String alert) {
    Optional<Path> cert = tls.flatMap(TemporalTls::cert);
    String alertName = alert.toLowerCase(Locale.ROOT);
    if (cert.isEmpty()) {
      return new TlsDiagnosis(
          "the server requires a client certificate (mutual TLS) and none is configured (TLS alert " + alertName + ")",
          "Set temporal.tls.cert and temporal.tls.key to a client certificate issued by a CA the server trusts.");
    }
    return new TlsDiagnosis(
        "the server did not accept the client certificate in temporal.tls.cert (" + cert.get()
            + "): it is not issued by a CA the server trusts, or not valid now (TLS alert " + alertName + ")",
        "Set temporal.tls.cert and temporal.tls.key to a client certificate issued by a CA the server trusts.");
  }

  /** "it holds localhost" from the JDK's "... names in the certificate chain of 1 certificate(s): localhost". */
  private static String namesHeld(String message) {
    int at = message.indexOf("certificate(s): ");
    return at < 0 ? message : "it holds " + message.substring(at + "certificate(s): ".length());
  }

  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
