package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.keys.Ed25519Keys.SigningKey;
import io.cantonrunbooks.workflows.runbook.ApprovalSignatures;
import io.cantonrunbooks.workflows.runbook.Decision;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code approve} and {@code reject} share: the runbook, the gate, who decides and why, the
 * key that signs it, and sending the decision as an update so that a refusal comes back at once
 * with its reason.
 */
final class GateDecisionOptions {

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id, as `runbook start` printed it.")
  String workflowId;

  @Option(
      names = "--gate",
      required = true,
      paramLabel = "GATE",
      description = "The gate, e.g. before-acs-import (`runbook status ID` names the waiting one).")
  String gate;

  @Mixin OperatorOption operator;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why; kept in the report (and signed, with --key).")
  String comment;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Sign the decision with this Ed25519 private key (OpenSSH or PKCS#8, unencrypted);"
          + " required when the runbook's policy has approverKeys.")
  Path keyFile;

  @Option(
      names = "--print-only",
      description = "Print the update's JSON argument (signed, with --key) instead of sending it, to paste"
          + " into the Temporal UI.")
  boolean printOnly;

  @Mixin OutputOption output;

  /** What {@code --output json} prints after a decision was accepted. */
  record Result(
      String workflowId,
      Decision decision,
      String approver,
      boolean signed,
      long approvals,
      int requiredApprovals,
      String effect,
      GateView gate) {}

  /** Signs the decision if asked, then sends it as the {@code approve} or {@code reject} update, or prints it. */
  int send(ConnectionOptions connection, Decision kind, CommandSpec spec) throws Exception {
    String approver = operator.name();
    // A bad key file is a usage error, found before anything connects.
    SigningKey key = keyFile == null ? null : KeyFiles.readPrivateKey(keyFile);
    GateDecision decision =
        new GateDecision(gate, approver, comment, null, null, key == null ? null : kind, null, null, null);
    if (printOnly && key == null) {
      return print(decision, kind, spec);
    }
    String update = kind == Decision.APPROVE ? "approve" : "reject";
    GateView answer;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      String runId = null;
      if (key != null) {
        RunbookStatus runbook = client.status(workflowId);
        decision = DecisionSigner.sign(runbook, decision, key, keyFile, Instant.now());
        runId = runbook.runId();
      }
      if (printOnly) {
        return print(decision, kind, spec);
      }
      answer = client.decide(workflowId, runId, update, decision);
    }
    // The update answers before the runbook acts on the decision, so the gate's state in the answer
    // is still WAITING; what the decision means follows from the approvals it now holds.
    long approvals = StatusRenderer.approvedCount(answer);
    String effect =
        kind == Decision.REJECT
            ? "the runbook stops and runs its compensations"
            : approvals >= answer.requiredApprovals()
                ? "the gate opens"
                : "the gate waits for " + (answer.requiredApprovals() - approvals) + " more";
    GateView gate = answer;
    output.print(
        spec,
        new Result(workflowId, kind, approver, key != null, approvals, gate.requiredApprovals(), effect, gate),
        () -> (kind == Decision.APPROVE ? "Approved" : "Rejected") + " gate " + gate.name() + " of " + workflowId
            + " as " + approver + (key != null ? " (signed)" : "") + ": " + approvals + " of "
            + gate.requiredApprovals() + " approvals, " + effect + ".\n"
            + "Next: runbook watch " + workflowId + "\n");
    return RunbookCli.OK;
  }

  /** Prints the update's argument on stdout (JSON only, so it can be piped) and how to use it on stderr. */
  private int print(GateDecision decision, Decision kind, CommandSpec spec) {
    spec.commandLine().getOut().println(Json.writeWithoutNulls(decision));
    spec.commandLine().getOut().flush();
    String update = kind == Decision.APPROVE ? "approve" : "reject";
    var err = spec.commandLine().getErr();
    err.println("Not sent. In the Temporal UI, open " + workflowId + ", choose Update '" + update
        + "' (or Signal '" + update + "Signal') and paste the JSON above as its input"
        + (decision.carriesSignature()
            ? " within " + ApprovalSignatures.MAX_AGE.toMinutes() + " minutes of " + decision.signedAt() + "."
            : "."));
    err.flush();
    return RunbookCli.OK;
  }
}
