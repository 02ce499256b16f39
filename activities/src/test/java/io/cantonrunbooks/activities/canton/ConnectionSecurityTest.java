package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.activities.nodes.TokenSource;
import io.cantonrunbooks.cantonapi.admin.health.v30.Status;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS towards a real Netty server on an ephemeral port, with certificates made at
 * test time, and the bearer token on Ledger API calls.
 */
class ConnectionSecurityTest {

  @TempDir static Path pki;
  @TempDir Path dir;

  private static Path caCert;
  private static Path serverCert;
  private static Path serverKey;
  private static Path clientCert;
  private static Path clientKey;

  private Server server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    KeyPair ca = keyPair();
    X509Certificate caCertificate = certificate("CN=test-ca", ca, "CN=test-ca", ca.getPrivate(), true, null);
    KeyPair serverPair = keyPair();
    X509Certificate server =
        certificate("CN=localhost", serverPair, "CN=test-ca", ca.getPrivate(), false, "localhost");
    KeyPair clientPair = keyPair();
    X509Certificate client = certificate("CN=runbook-worker", clientPair, "CN=test-ca", ca.getPrivate(), false, null);

    caCert = pem(pki.resolve("ca.crt"), caCertificate);
    serverCert = pem(pki.resolve("server.crt"), server);
    serverKey = pkcs8(pki.resolve("server.key"), serverPair.getPrivate());
    clientCert = pem(pki.resolve("client.crt"), client);
    clientKey = pkcs8(pki.resolve("client.key"), clientPair.getPrivate());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void tls_with_a_pinned_ca_reaches_the_node() throws Exception {
    int port = start(TlsServerCredentials.newBuilder().keyManager(serverCert.toFile(), serverKey.toFile()).build());

    try (var client = ParticipantClient.connect(node(port, new TlsConfig(true, Optional.of(caCert), Optional.empty(), Optional.empty())))) {
      assertThat(client.health().status().uid()).isEqualTo("tls-node");
    }
  }

  @Test
  void mutual_tls_presents_the_client_certificate() throws Exception {
    int port = start(mutualServer());

    var tls = new TlsConfig(true, Optional.of(caCert), Optional.of(clientCert), Optional.of(clientKey));
    try (var client = ParticipantClient.connect(node(port, tls))) {
      assertThat(client.health().status().uid()).isEqualTo("tls-node");
    }
  }

  @Test
  void a_node_that_requires_client_certificates_refuses_a_client_without_one() throws Exception {
    int port = start(mutualServer());

    var tls = new TlsConfig(true, Optional.of(caCert), Optional.empty(), Optional.empty());
    try (var client = ParticipantClient.connect(node(port, tls))) {
      assertThatThrownBy(() -> client.health().status())
          .isInstanceOfSatisfying(
              CantonCallException.class,
              e -> {
                assertThat(e.node()).isEqualTo("participant9");
                assertThat(e.code()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
              });
    }
  }

  @Test
  void a_plaintext_client_cannot_talk_to_a_tls_node() throws Exception {
    int port = start(TlsServerCredentials.newBuilder().keyManager(serverCert.toFile(), serverKey.toFile()).build());

    try (var client = ParticipantClient.connect(node(port, TlsConfig.plaintext()))) {
      assertThatThrownBy(() -> client.health().status()).isInstanceOf(CantonCallException.class);
    }
  }

  @Test
  void the_bearer_token_reaches_the_ledger_api_and_not_the_admin_api() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "secret-token\n");
    try (var node = new FakeParticipant();
        var client = node.client(Optional.of(TokenSource.fromFile(token)), ClientOptions.defaults())) {
      client.ledger().ledgerEnd();
      client.health().status();

      assertThat(node.lastLedgerHeaders.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer secret-token");
      assertThat(node.lastAdminHeaders.get(BearerToken.AUTHORIZATION)).isNull();
    }
  }

  @Test
  void a_rotated_token_file_is_used_on_the_next_call() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "first");
    try (var node = new FakeParticipant();
        var client = node.client(Optional.of(TokenSource.fromFile(token)), ClientOptions.defaults())) {
      client.ledger().ledgerEnd();
      Files.writeString(token, "second");
      client.ledger().ledgerEnd();

      assertThat(node.lastLedgerHeaders.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer second");
    }
  }

  @Test
  void an_unreadable_token_fails_the_call_as_unauthenticated() throws Exception {
    try (var node = new FakeParticipant();
        var client = node.client(Optional.of(TokenSource.fromFile(dir.resolve("missing"))), ClientOptions.defaults())) {
      assertThatThrownBy(() -> client.ledger().ledgerEnd())
          .isInstanceOfSatisfying(
              CantonCallException.class,
              e -> {
                assertThat(e.code()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
                assertThat(e.retryable()).isFalse();
              });
    }
  }

  private TlsServerCredentials.Builder mutualBuilder() throws Exception {
    return TlsServerCredentials.newBuilder()
        .keyManager(serverCert.toFile(), serverKey.toFile())
        .trustManager(caCert.toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
  }

  private io.grpc.ServerCredentials mutualServer() throws Exception {
    return mutualBuilder().build();
  }

  private int start(io.grpc.ServerCredentials credentials) throws Exception {
    server =
        Grpc.newServerBuilderForPort(0, credentials)
            .addService(
                new ParticipantStatusServiceGrpc.ParticipantStatusServiceImplBase() {
                  @Override
                  public void participantStatus(
                      ParticipantStatusRequest request, StreamObserver<ParticipantStatusResponse> out) {
                    out.onNext(
                        ParticipantStatusResponse.newBuilder()
                            .setStatus(
                                ParticipantStatusResponse.ParticipantStatusResponseStatus.newBuilder()
                                    .setCommonStatus(Status.newBuilder().setUid("tls-node").setVersion("3.5.0")))
                            .build());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    return server.getPort();
  }

  private static NodeConfig node(int port, TlsConfig tls) {
    var endpoint = new Endpoint("localhost", port);
    return new NodeConfig(
        "participant9", endpoint, endpoint, tls, Optional.empty(), "q", BackupConfig.none(Path.of("backups")));
  }

  private static KeyPair keyPair() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey, boolean ca, String dnsName)
      throws Exception {
    var now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name(subject),
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (dnsName != null) {
      builder.addExtension(
          Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static Path pem(Path file, Object object) throws Exception {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return Files.writeString(file, out.toString());
  }

  private static Path pkcs8(Path file, PrivateKey key) throws Exception {
    return pem(file, new JcaPKCS8Generator(key, null));
  }
}
