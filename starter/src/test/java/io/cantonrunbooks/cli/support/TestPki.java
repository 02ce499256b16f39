package io.cantonrunbooks.cli.support;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time, issuing server and client certificates as PEM files:
 * what an operator's PKI would hand a Temporal frontend and a worker. EC P-256 keys, PKCS#8.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key on disk; {@code ca} is the issuing CA's certificate file. */
  public record Issued(Path cert, Path key, Path ca) {}

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path dir;
  private final Path caFile;

  private TestPki(String name, Path dir) throws Exception {
    this.name = name;
    this.dir = Files.createDirectories(dir);
    this.keys = keyPair();
    var builder = builder("CN=" + name, "CN=" + name, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.certificate = sign(builder);
    this.caFile = pem(dir.resolve(name + "-ca.pem"), certificate);
  }

  /** A new CA whose files go to {@code dir}. */
  public static TestPki create(String name, Path dir) throws Exception {
    return new TestPki(name, dir);
  }

  /** The CA certificate file: what a client pins as {@code temporal.tls.ca}. */
  public Path caFile() {
    return caFile;
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
  public Issued server(String fileName) throws Exception {
    KeyPair subject = keyPair();
    var builder = builder("CN=" + name, "CN=localhost", subject);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return write(fileName, subject, sign(builder));
  }

  /** A client certificate with the given common name. */
  public Issued client(String fileName, String commonName) throws Exception {
    KeyPair subject = keyPair();
    var builder = builder("CN=" + name, "CN=" + commonName, subject);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return write(fileName, subject, sign(builder));
  }

  private Issued write(String fileName, KeyPair subject, X509Certificate cert) throws Exception {
    Path certFile = pem(dir.resolve(fileName + ".pem"), cert);
    Path keyFile = pem(dir.resolve(fileName + ".key"), new JcaPKCS8Generator(subject.getPrivate(), null));
    return new Issued(certFile, keyFile, caFile);
  }

  private static JcaX509v3CertificateBuilder builder(String issuer, String subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        new X500Name(issuer),
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        new X500Name(subject),
        subjectKeys.getPublic());
  }

  private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static KeyPair keyPair() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static Path pem(Path file, Object object) throws Exception {
    var text = new StringWriter();
    try (var writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return Files.writeString(file, text.toString());
  }
}
