package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.workflows.simplereplication.SigningRequest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook sign ID --key FILE}: signs what a runbook waits for with a party owner's Ed25519
 * key and sends the signature. The key never leaves this machine; only the signature does.
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign the topology transaction a runbook waits for (see show-tx) with a party owner's Ed25519 key,"
          + " and send the signature. The runbook verifies it before accepting it.",
      "Example: runbook sign simple-party-replication/carol::1220… --key owner.pem"
    })
final class SignCommand implements Callable<Integer> {
  private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The owner's Ed25519 private key, PKCS#8 PEM (-----BEGIN PRIVATE KEY-----).")
  Path keyFile;

  @Override
  public Integer call() throws Exception {
    PrivateKey key = readKey(keyFile);
    SigningRequest after;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      SigningRequest request = client.signingRequest(workflowId);
      byte[] signature = sign(key, HexFormat.of().parseHex(request.transactionHash()));
      // The key file holds no public key: find the owner whose key verifies this signature.
      SigningRequest.OwnerState owner = request.owners().stream()
          .filter(o -> verifies(o.ed25519PublicKey(), HexFormat.of().parseHex(request.transactionHash()), signature))
          .findFirst()
          .orElseThrow(() -> CommandFailure.usage("--key: " + keyFile + " is not the key of any owner of "
              + request.partyId(), "Owners: " + request.owners().stream().map(SigningRequest.OwnerState::namespace).toList()));
      after = client.submitSignature(workflowId,
          new OwnerSignature(owner.namespace(), Base64.getEncoder().encodeToString(signature)));
      PrintWriter out = spec.commandLine().getOut();
      out.println("Signed for " + request.partyId() + " as " + owner.namespace() + ".");
      out.print(ShowTxCommand.render(workflowId, after));
      out.flush();
    }
    return RunbookCli.OK;
  }

  static PrivateKey readKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw CommandFailure.usage("--key: cannot read " + file + ": " + e.getMessage());
    }
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw CommandFailure.usage("--key: " + file + " is not a PKCS#8 PEM private key",
          "Expected -----BEGIN PRIVATE KEY-----; convert an OpenSSH key with `ssh-keygen -p -m PKCS8 -f FILE`.");
    }
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw CommandFailure.usage("--key: " + file + " does not hold an Ed25519 private key: " + e.getMessage());
    }
  }

  private static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(data);
    return signer.sign();
  }

  private static boolean verifies(String rawKeyBase64, byte[] data, byte[] signature) {
    try {
      byte[] raw = Base64.getDecoder().decode(rawKeyBase64);
      byte[] x509 = new byte[ED25519_X509_PREFIX.length + raw.length];
      System.arraycopy(ED25519_X509_PREFIX, 0, x509, 0, ED25519_X509_PREFIX.length);
      System.arraycopy(raw, 0, x509, ED25519_X509_PREFIX.length, raw.length);
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
