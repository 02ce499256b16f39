package io.cantonrunbooks.workflows.runbook;

import java.util.Map;

/** Renders a runbook's status as the few lines of Markdown the Temporal UI shows as current details. */
final class StatusMarkdown {

  private StatusMarkdown() {}

  static String render(RunbookStatus status, String waitingFor) {
    var md = new StringBuilder();
    int total = status.steps().size();
    StepView current = status.steps().stream()
        .filter(s -> s.name().equals(status.currentStep()))
        .findFirst()
        .orElse(null);
    long done = status.steps().stream()
        .filter(s -> s.state() == StepState.DONE || s.state() == StepState.SKIPPED)
        .count();
    md.append("**").append(status.runbook()).append("** — ").append(status.outcome());
    if (current != null) {
      md.append(", step ").append(current.number()).append(" of ").append(total).append(": ").append(current.title());
    } else {
      md.append(", ").append(done).append(" of ").append(total).append(" steps done");
    }
    md.append('\n');
    if (status.waitingGate() != null) {
      status.gates().stream().filter(g -> g.name().equals(status.waitingGate())).findFirst().ifPresent(g -> {
        md.append("\n⏸ Waiting for approval at gate `").append(g.name()).append("` (")
            .append(g.approvals().size()).append(" of ").append(g.requiredApprovals()).append(")");
        if (!g.allowedApprovers().isEmpty()) {
          md.append(", approvers: ").append(String.join(", ", g.allowedApprovers()));
        }
        md.append(", times out at ").append(g.deadline()).append('\n');
        if (g.signaturesRequired()) {
          md.append("\n🔏 Decisions must be signed: `runbook approve ").append(status.workflowId()).append(" --gate ")
              .append(g.name()).append(" --key FILE --print-only` prints the JSON to paste into the `approve` update\n");
        }
      });
    }
    if (waitingFor != null) {
      md.append("\n⏳ ").append(waitingFor).append('\n');
    }
    status.steps().stream()
        .filter(s -> s.state() == StepState.DONE && !s.facts().isEmpty())
        .reduce((a, b) -> b)
        .ifPresent(s -> md.append("\nLast done: ").append(s.number()).append(". ").append(s.title())
            .append(" — ").append(facts(s.facts())).append('\n'));
    if (status.failureMessage() != null) {
      md.append("\n❌ ").append(status.failureType()).append(": ").append(status.failureMessage()).append('\n');
    }
    return md.toString();
  }

  private static String facts(Map<String, String> facts) {
    var sb = new StringBuilder();
    facts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" `").append(v).append('`'));
    return sb.toString();
  }
}
