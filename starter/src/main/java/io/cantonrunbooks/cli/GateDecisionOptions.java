package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateView;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code approve} and {@code reject} share: the runbook, the gate, who decides and why, and
 * sending the decision as an update so that a refusal comes back at once with its reason.
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

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why; kept in the report.")
  String comment;

  /** Sends the {@code approve} or {@code reject} update and prints the gate's state afterwards. */
  int send(ConnectionOptions connection, String update, PrintWriter out) throws Exception {
    GateView gate;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      gate = client.decide(workflowId, update, new GateDecision(this.gate, operator.name(), comment));
    }
    // The update answers before the runbook acts on the decision, so the gate's state in the answer
    // is still WAITING; what the decision means follows from the approvals it now holds.
    long approvals = StatusRenderer.approvedCount(gate);
    String effect =
        update.equals("reject")
            ? "the runbook stops and runs its compensations"
            : approvals >= gate.requiredApprovals()
                ? "the gate opens"
                : "the gate waits for " + (gate.requiredApprovals() - approvals) + " more";
    out.println(
        (update.equals("approve") ? "Approved" : "Rejected") + " gate " + gate.name() + " of " + workflowId
            + " as " + operator.name() + ": " + approvals + " of " + gate.requiredApprovals() + " approvals, "
            + effect + ".");
    out.println("Next: runbook watch " + workflowId);
    out.flush();
    return RunbookCli.OK;
  }
}
