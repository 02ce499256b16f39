package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.activities.keys.Ed25519Keys.SigningKey;
import io.cantonrunbooks.workflows.runbook.ApprovalSignatures;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a gate decision for {@code approve --key} and {@code reject --key}: for the runbook's
 * current run, with the fingerprint of the key its policy holds for the approver, and checked
 * against that key before anything is sent, so that a wrong key file is named here rather than
 * refused by the runbook.
 */
final class DecisionSigner {

  private DecisionSigner() {}

  /**
   * {@code unsigned} with the claims and signature the runbook checks: its workflow and run id,
   * {@code decision.decision()}, the signing time {@code now} (whole seconds) and the approver's key
   * fingerprint.
   *
   * @throws CommandFailure (usage) when the runbook has no key for the approver, or the key file
   *     is not that key
   */
  static GateDecision sign(RunbookStatus runbook, GateDecision unsigned, SigningKey key, Path keyFile, Instant now) {
    Map<String, String> keys = approverKeys(runbook);
    String approver = unsigned.approver();
    if (keys.isEmpty()) {
      throw CommandFailure.usage(
          runbook.workflowId() + " has no approvals.approverKeys, so it cannot check a signature",
          "Decide without --key.");
    }
    String configured = keys.get(approver);
    if (configured == null) {
      throw CommandFailure.usage(
          runbook.workflowId() + " has no key for '" + approver + "' in approvals.approverKeys (keys for: "
              + String.join(", ", keys.keySet()) + ")",
          "Decide as one of them with --as NAME.");
    }
    PublicKey expected = Ed25519Keys.parseOpenSshPublicKey(configured);
    String fingerprint = Ed25519Keys.fingerprint(expected);
    GateDecision claims = new GateDecision(unsigned.gate(), approver, unsigned.comment(), runbook.workflowId(),
        runbook.runId(), unsigned.decision(), now.truncatedTo(ChronoUnit.SECONDS), fingerprint, null);
    String payload = ApprovalSignatures.payload(claims);
    String signature = Base64.getEncoder().encodeToString(
        Ed25519Keys.sign(key.privateKey(), payload.getBytes(StandardCharsets.UTF_8)));
    if (!ApprovalSignatures.verify(expected, payload, signature)) {
      throw CommandFailure.usage(
          "--key " + keyFile + " is not " + approver + "'s key: the runbook's approvals.approverKeys." + approver
              + " is " + fingerprint
              + (key.publicKey() == null ? "" : ", the file's is " + Ed25519Keys.fingerprint(key.publicKey())),
          "Nothing was sent.");
    }
    return claims.withSignature(signature);
  }

  /** The approver keys in a runbook's (or report's) input, by approver, sorted; empty when none. */
  static Map<String, String> approverKeys(RunbookStatus runbook) {
    var keys = new TreeMap<String, String>();
    if (StatusRenderer.approvals(runbook).get("approverKeys") instanceof Map<?, ?> map) {
      map.forEach((name, key) -> keys.put(String.valueOf(name), key == null ? null : key.toString()));
    }
    return keys;
  }
}
