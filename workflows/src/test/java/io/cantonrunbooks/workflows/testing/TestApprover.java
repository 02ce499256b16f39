package io.cantonrunbooks.workflows.testing;

import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.workflows.runbook.ApprovalSignatures;
import io.cantonrunbooks.workflows.runbook.Decision;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * An approver with an Ed25519 key pair generated for the test (no private key is ever committed),
 * who signs gate decisions the way the CLI does. Shared with the CLI's tests through the test jar.
 */
public record TestApprover(String name, KeyPair keys) {

  public static TestApprover generate(String name) {
    try {
      return new TestApprover(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key as the policy's {@code approverKeys} holds it. */
  public String publicKey() {
    return Ed25519Keys.toOpenSshPublicKey(keys.getPublic(), name + "@test");
  }

  public String fingerprint() {
    return Ed25519Keys.fingerprint(keys.getPublic());
  }

  /** The private key as a PKCS#8 PEM file would hold it. */
  public String privateKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** A decision by this approver, signed with this approver's key and naming its fingerprint. */
  public GateDecision sign(
      String workflowId, String runId, String gate, Decision decision, String comment, Instant signedAt) {
    return signAs(name, this, workflowId, runId, gate, decision, comment, signedAt);
  }

  /** A decision claiming to be {@code approver}'s, signed with {@code signer}'s key (naming the signer's fingerprint). */
  public static GateDecision signAs(
      String approver, TestApprover signer, String workflowId, String runId, String gate, Decision decision,
      String comment, Instant signedAt) {
    GateDecision unsigned = new GateDecision(
        gate, approver, comment, workflowId, runId, decision, signedAt.truncatedTo(ChronoUnit.SECONDS),
        signer.fingerprint(), null);
    byte[] signature = Ed25519Keys.sign(
        signer.keys.getPrivate(), ApprovalSignatures.payload(unsigned).getBytes(StandardCharsets.UTF_8));
    return unsigned.withSignature(Base64.getEncoder().encodeToString(signature));
  }
}
