package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.keys.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed form of a gate decision, in one place for the three parties that need it: the CLI
 * that signs, the runbook that verifies before it accepts, and {@code runbook verify-report} (or an
 * auditor by hand) that verifies again from the report.
 *
 * <p>The payload is UTF-8 text, nine lines, each ending with one line feed (0x0A):
 *
 * <pre>
 * canton-runbooks gate decision v1
 * workflowId=&lt;workflow id&gt;
 * runId=&lt;run id&gt;
 * gate=&lt;gate&gt;
 * decision=&lt;APPROVE or REJECT&gt;
 * approver=&lt;approver&gt;
 * comment=&lt;comment, empty when there is none&gt;
 * signedAt=&lt;ISO-8601 instant in UTC, e.g. 2025-06-01T10:00:00Z&gt;
 * key=&lt;signer's key fingerprint, SHA256:…&gt;
 * </pre>
 *
 * <p>In every value a backslash is written {@code \\}, a line feed {@code \n} and a carriage return
 * {@code \r}, so that no value can forge a line of its own. The first line keeps a signature made
 * for something else with the same key (a topology transaction, say) from passing as a decision.
 * The signature is Ed25519 (RFC 8032) over these bytes, sent base64-encoded.
 */
public final class ApprovalSignatures {

  /** The first line of every payload: what is signed, and the version of this form. */
  public static final String HEADER = "canton-runbooks gate decision v1";

  /** How long after signing a decision is accepted, measured against the runbook's (Temporal's) time. */
  public static final Duration MAX_AGE = Duration.ofMinutes(15);

  /** How far ahead of the runbook's time a signing time may be: the signer's clock may run fast. */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  private static final int SIGNATURE_BYTES = 64;

  private ApprovalSignatures() {}

  /** The payload of a decision, from the fields it claims. */
  public static String payload(GateDecision d) {
    return payload(d.workflowId(), d.runId(), d.gate(), d.decision(), d.approver(), d.comment(), d.signedAt(),
        d.keyFingerprint());
  }

  /** The payload an accepted decision was signed over, rebuilt from a report. */
  public static String payload(String workflowId, String runId, ApprovalRecord a) {
    return payload(workflowId, runId, a.gate(), a.decision(), a.approver(), a.comment(), a.signedAt(), a.keyFingerprint());
  }

  /** The payload, exactly as the class comment defines it. */
  public static String payload(
      String workflowId, String runId, String gate, Decision decision, String approver, String comment,
      Instant signedAt, String keyFingerprint) {
    return HEADER + "\n"
        + line("workflowId", workflowId)
        + line("runId", runId)
        + line("gate", gate)
        + line("decision", decision == null ? null : decision.name())
        + line("approver", approver)
        + line("comment", comment)
        + line("signedAt", signedAt == null ? null : signedAt.toString())
        + line("key", keyFingerprint);
  }

  /**
   * Whether {@code signatureBase64} is exactly the standard base64 (with padding) of 64 bytes. Only
   * one spelling of each signature is accepted, so that comparing the text is enough to spot a
   * signature used twice.
   */
  public static boolean wellFormedSignature(String signatureBase64) {
    try {
      byte[] signature = Base64.getDecoder().decode(signatureBase64);
      return signature.length == SIGNATURE_BYTES && Base64.getEncoder().encodeToString(signature).equals(signatureBase64);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** Whether {@code signatureBase64} is {@code key}'s signature of {@code payload}; false when not well formed. */
  public static boolean verify(PublicKey key, String payload, String signatureBase64) {
    if (signatureBase64 == null || !wellFormedSignature(signatureBase64)) {
      return false;
    }
    return Ed25519Keys.verify(key, payload.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(signatureBase64));
  }

  /**
   * Why {@code signedAt} is outside the accepted window around {@code now}, or null when it is
   * inside: at most {@link #MAX_AGE} before, at most {@link #MAX_AHEAD} after.
   */
  public static String outsideWindow(Instant signedAt, Instant now) {
    if (signedAt.isBefore(now.minus(MAX_AGE))) {
      return "signed at " + signedAt + ", " + Duration.between(signedAt, now) + " before the runbook's time "
          + now + "; a signature is accepted for " + minutes(MAX_AGE) + ": sign again";
    }
    if (signedAt.isAfter(now.plus(MAX_AHEAD))) {
      return "signed at " + signedAt + ", " + Duration.between(now, signedAt) + " after the runbook's time "
          + now + " (at most " + minutes(MAX_AHEAD) + " allowed): check the signer's clock";
    }
    return null;
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " minutes";
  }

  private static String line(String name, String value) {
    String escaped = value == null ? "" : value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    return name + "=" + escaped + "\n";
  }
}
