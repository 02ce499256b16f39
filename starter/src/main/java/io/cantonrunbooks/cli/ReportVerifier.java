package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.activities.keys.KeyFormatException;
import io.cantonrunbooks.workflows.runbook.ApprovalRecord;
import io.cantonrunbooks.workflows.runbook.ApprovalSignatures;
import io.cantonrunbooks.workflows.runbook.Decision;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every decision of a runbook report again, offline, the way the runbook checked it when it
 * accepted it: the signature over the canonical payload rebuilt from the report's workflow id, run
 * id and the decision's own fields, with the key the report's input policy holds for the approver;
 * the recorded payload text equal to that rebuilt one; each signature used once; and the acceptance
 * time inside the window around the signing time.
 *
 * <p>The keys come from the report itself, so this proves that the decisions are consistent with
 * those keys, not that the keys are the right people's: compare the fingerprints with a record of
 * your own.
 */
final class ReportVerifier {

  private ReportVerifier() {}

  /** One decision and what is wrong with it; {@code problem} is null when it verified. */
  record Verdict(String gate, Decision decision, String approver, Instant signedAt, String problem) {
    boolean verified() {
      return problem == null;
    }
  }

  /** A verdict for each decision of each gate, in the report's order. */
  static List<Verdict> verify(RunbookStatus report) {
    Map<String, String> keys = DecisionSigner.approverKeys(report);
    Set<String> seen = new HashSet<>();
    var verdicts = new ArrayList<Verdict>();
    for (GateView gate : report.gates()) {
      for (ApprovalRecord a : gate.approvals() == null ? List.<ApprovalRecord>of() : gate.approvals()) {
        verdicts.add(new Verdict(gate.name(), a.decision(), a.approver(), a.signedAt(), problem(report, gate, a, keys, seen)));
      }
    }
    return verdicts;
  }

  private static String problem(
      RunbookStatus report, GateView gate, ApprovalRecord a, Map<String, String> keys, Set<String> seen) {
    if (!gate.name().equals(a.gate())) {
      return "listed under gate '" + gate.name() + "' but names gate '" + a.gate() + "'";
    }
    if (a.signature() == null || a.signature().isBlank()) {
      return "not signed";
    }
    if (!seen.add(a.signature())) {
      return "the same signature as an earlier decision in this report";
    }
    String keyLine = keys.get(a.approver());
    if (keyLine == null) {
      return "the report's approvals.approverKeys has no key for '" + a.approver() + "'";
    }
    PublicKey key;
    try {
      key = Ed25519Keys.parseOpenSshPublicKey(keyLine);
    } catch (KeyFormatException e) {
      return "approvals.approverKeys." + a.approver() + ": " + e.getMessage();
    }
    String fingerprint = Ed25519Keys.fingerprint(key);
    if (!fingerprint.equals(a.keyFingerprint())) {
      return "signed with key " + a.keyFingerprint() + ", but the report's key for " + a.approver() + " is " + fingerprint;
    }
    String payload = ApprovalSignatures.payload(report.workflowId(), report.runId(), a);
    if (!ApprovalSignatures.verify(key, payload, a.signature())) {
      return "the signature does not verify with " + a.approver() + "'s key " + fingerprint
          + " over the decision's fields (workflow, run, gate, decision, approver, comment, signedAt)";
    }
    if (!payload.equals(a.signedPayload())) {
      return "signedPayload is not the text of the decision's fields";
    }
    if (a.at() == null || ApprovalSignatures.outsideWindow(a.signedAt(), a.at()) != null) {
      return "accepted at " + a.at() + ", outside the window the runbook enforces around the signing time "
          + a.signedAt() + " (" + ApprovalSignatures.MAX_AGE.toMinutes() + " minutes after, "
          + ApprovalSignatures.MAX_AHEAD.toMinutes() + " before)";
    }
    return null;
  }
}
