package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.ApprovalRecord;
import io.cantonrunbooks.workflows.runbook.CompensationView;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RefusedDecision;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link RunbookStatus} for humans: the terminal table of {@code status} and {@code
 * watch}, and the Markdown audit report of {@code report}.
 *
 * <p>Colours are ANSI codes and only used when the caller says the output is a terminal.
 */
final class StatusRenderer {

  private static final int FACT_WIDTH = 48;

  private final boolean colour;

  StatusRenderer(boolean colour) {
    this.colour = colour;
  }

  /** The renderer for a command's output: coloured only on a terminal, never for JSON. */
  static StatusRenderer forTerminal(boolean json) {
    return new StatusRenderer(!json && System.console() != null);
  }

  /** The status table: header, steps, the waiting gate and how to decide it, compensations, refusals. */
  String table(RunbookStatus s, Instant now) {
    var out = new StringBuilder();
    out.append(bold(s.runbook())).append("  ").append(s.workflowId()).append("  ").append(outcome(s.outcome()))
        .append('\n');
    out.append("started ").append(s.startedAt());
    String starter = startedBy(s);
    if (starter != null) {
      out.append(" by ").append(starter);
    }
    if (s.endedAt() != null) {
      out.append(", ended ").append(s.endedAt()).append(" (").append(duration(s.startedAt(), s.endedAt())).append(')');
    }
    out.append("\n\n");

    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "STEP", "STATE", "DURATION", "FACTS"});
    for (StepView step : s.steps()) {
      Instant end = step.endedAt() != null ? step.endedAt() : (step.startedAt() != null ? now : null);
      rows.add(new String[] {
        Integer.toString(step.number()),
        step.name(),
        step.state().name(),
        step.startedAt() == null ? "" : duration(step.startedAt(), end),
        step.error() != null ? "error: " + shorten(step.error(), 2 * FACT_WIDTH) : facts(step.facts(), true)
      });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      var line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = pad(row[i], widths[i], i == 0);
        line.append(i == 2 && r > 0 ? stateColour(row[2], cell) : cell).append("  ");
      }
      line.append(row[4]);
      out.append(r == 0 ? bold(line.toString().stripTrailing()) : line.toString().stripTrailing()).append('\n');
    }

    GateView waiting = waitingGate(s);
    if (waiting != null) {
      out.append('\n').append(yellow("Waiting for approval at gate " + waiting.name()))
          .append(": ").append(approvedCount(waiting)).append(" of ").append(waiting.requiredApprovals())
          .append(" approvals, since ").append(waiting.waitingSince())
          .append(", times out at ").append(waiting.deadline()).append('\n');
      out.append("  Who may approve: ").append(whoMayApprove(s, waiting)).append('\n');
      String key = waiting.signaturesRequired() ? " --key FILE" : "";
      out.append("  Approve: runbook approve ").append(s.workflowId()).append(" --gate ").append(waiting.name())
          .append(" --as NAME").append(key).append('\n');
      out.append("  Reject:  runbook reject ").append(s.workflowId()).append(" --gate ").append(waiting.name())
          .append(" --as NAME").append(key).append(" --comment \"why\"\n");
      if (waiting.signaturesRequired()) {
        out.append("  Decisions must be signed with the approver's key (approvals.approverKeys).\n");
      }
    }
    if (!s.compensations().isEmpty()) {
      out.append("\nCompensations:\n");
      for (CompensationView c : s.compensations()) {
        out.append("  ").append(pad(c.state().name(), 10, false)).append("  ").append(c.description())
            .append(" (").append(c.registeredBy()).append(')')
            .append(c.detail() == null ? "" : ": " + c.detail()).append('\n');
      }
    }
    if (!s.refusedDecisions().isEmpty()) {
      out.append("\nRefused decisions:\n");
      for (RefusedDecision d : s.refusedDecisions()) {
        out.append("  ").append(d.at()).append("  ").append(d.decision()).append(" by ").append(d.approver())
            .append(" at ").append(d.gate()).append(": ").append(d.reason()).append('\n');
      }
    }
    if (s.failureMessage() != null) {
      out.append('\n').append(red(s.outcome() + " (" + s.failureType() + "): " + s.failureMessage())).append('\n');
    }
    return out.toString();
  }

  /** The audit report as Markdown: inputs, steps with every fact, approvals, compensations, refusals. */
  String markdown(RunbookStatus s) {
    var md = new StringBuilder();
    md.append("# Runbook report: ").append(s.runbook()).append("\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "Workflow id", code(s.workflowId()));
    row(md, "Run id", code(s.runId()));
    row(md, "Outcome", "**" + s.outcome() + "**");
    row(md, "Started by", startedBy(s) == null ? "" : startedBy(s));
    row(md, "Started", String.valueOf(s.startedAt()));
    row(md, "Ended", s.endedAt() == null ? "still running" : s.endedAt().toString());
    if (s.failureMessage() != null) {
      row(md, "Failure", code(s.failureType()) + ": " + s.failureMessage());
    }
    md.append("\n## Input\n\n```json\n").append(Json.write(s.input())).append("\n```\n");

    md.append("\n## Steps\n\n| # | Step | State | Started | Ended | Duration | Attempts |\n|---|---|---|---|---|---|---|\n");
    for (StepView step : s.steps()) {
      md.append("| ").append(step.number()).append(" | ").append(cell(step.title())).append(" (`").append(step.name())
          .append("`) | ").append(step.state()).append(" | ").append(orBlank(step.startedAt())).append(" | ")
          .append(orBlank(step.endedAt())).append(" | ")
          .append(step.startedAt() == null || step.endedAt() == null ? "" : duration(step.startedAt(), step.endedAt()))
          .append(" | ").append(step.attempts()).append(" |\n");
    }
    for (StepView step : s.steps()) {
      if (step.facts().isEmpty() && step.error() == null) {
        continue;
      }
      md.append("\n### ").append(step.number()).append(". ").append(step.name()).append("\n\n");
      step.facts().forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
      if (step.error() != null) {
        md.append("- **error**: ").append(step.error()).append('\n');
      }
    }

    md.append("\n## Gates\n\n| Gate | Before step | State | Approvals | Allowed approvers | Deadline |\n|---|---|---|---|---|---|\n");
    for (GateView g : s.gates()) {
      md.append("| ").append(g.name()).append(" | ").append(g.beforeStep()).append(" | ").append(g.state()).append(" | ")
          .append(approvedCount(g)).append(" of ").append(g.requiredApprovals()).append(" | ")
          .append(g.allowedApprovers().isEmpty() ? "anyone allowed" : String.join(", ", g.allowedApprovers()))
          .append(" | ").append(orBlank(g.deadline())).append(" |\n");
    }
    List<ApprovalRecord> decisions = s.gates().stream().flatMap(g -> g.approvals().stream()).toList();
    md.append("\n## Approvals\n\n");
    if (decisions.isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| Gate | Decision | Who | When | Via | Signed | Comment |\n|---|---|---|---|---|---|---|\n");
      for (ApprovalRecord a : decisions) {
        md.append("| ").append(a.gate()).append(" | ").append(a.decision()).append(" | ").append(cell(a.approver()))
            .append(" | ").append(a.at()).append(" | ").append(a.via()).append(" | ")
            .append(a.signature() == null ? "no" : "at " + a.signedAt() + " by " + code(a.keyFingerprint())).append(" | ")
            .append(a.comment() == null ? "" : cell(a.comment())).append(" |\n");
      }
      List<ApprovalRecord> signed = decisions.stream().filter(a -> a.signature() != null).toList();
      if (!signed.isEmpty()) {
        md.append("\n### Signatures\n\nEach signature is Ed25519, base64, over the payload below exactly (UTF-8, every"
            + " line ending with a line feed), made with the key `approvals.approverKeys` names for the approver."
            + " Check them all with `runbook verify-report` on the JSON report, or by hand (docs/security.md).\n");
        for (ApprovalRecord a : signed) {
          md.append("\n#### ").append(a.gate()).append(": ").append(a.decision()).append(" by ").append(cell(a.approver()))
              .append("\n\n- key: ").append(code(a.keyFingerprint()))
              .append("\n- signature: ").append(code(a.signature()))
              .append("\n\n```text\n").append(a.signedPayload()).append("```\n");
        }
      }
    }
    md.append("\n## Compensations\n\n");
    if (s.compensations().isEmpty()) {
      md.append("None registered.\n");
    } else {
      md.append("| Compensation | Registered by | State | Detail |\n|---|---|---|---|\n");
      for (CompensationView c : s.compensations()) {
        md.append("| ").append(cell(c.description())).append(" | ").append(c.registeredBy()).append(" | ")
            .append(c.state()).append(" | ").append(c.detail() == null ? "" : cell(c.detail())).append(" |\n");
      }
    }
    md.append("\n## Refused decisions\n\n");
    if (s.refusedDecisions().isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| Gate | Decision | Who | When | Reason |\n|---|---|---|---|---|\n");
      for (RefusedDecision d : s.refusedDecisions()) {
        md.append("| ").append(d.gate()).append(" | ").append(d.decision()).append(" | ").append(cell(d.approver()))
            .append(" | ").append(d.at()).append(" | ").append(cell(d.reason())).append(" |\n");
      }
    }
    return md.toString();
  }

  /** The gate waiting now, if any. */
  static GateView waitingGate(RunbookStatus s) {
    return s.gates().stream()
        .filter(g -> g.state() == GateState.WAITING)
        .findFirst()
        .orElse(null);
  }

  /** How many approvals (not rejections) a gate has. */
  static long approvedCount(GateView g) {
    return g.approvals().stream().filter(a -> a.decision() == io.cantonrunbooks.workflows.runbook.Decision.APPROVE).count();
  }

  private static String whoMayApprove(RunbookStatus s, GateView g) {
    List<String> decided = g.approvals().stream().map(ApprovalRecord::approver).toList();
    String starter = startedBy(s);
    boolean starterMay = Boolean.TRUE.equals(approvals(s).get("starterMayApprove"));
    String who = g.allowedApprovers().isEmpty() ? "anyone" : String.join(", ", g.allowedApprovers());
    if (!starterMay && starter != null) {
      who += " except " + starter + " (who started it)";
    }
    if (!decided.isEmpty()) {
      who += "; already decided: " + String.join(", ", decided);
    }
    return who;
  }

  /** The input's approval policy as JSON values (the CLI reads the input untyped); empty when absent. */
  static Map<?, ?> approvals(RunbookStatus s) {
    if (s.input() instanceof Map<?, ?> input && input.get("approvals") instanceof Map<?, ?> approvals) {
      return approvals;
    }
    return Map.of();
  }

  private static String startedBy(RunbookStatus s) {
    Object by = approvals(s).get("startedBy");
    return by == null ? null : by.toString();
  }

  static String duration(Instant from, Instant to) {
    if (from == null || to == null) {
      return "";
    }
    Duration d = Duration.between(from, to);
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    if (d.toSeconds() < 60) {
      return d.toSeconds() + "s";
    }
    if (d.toMinutes() < 60) {
      return d.toMinutes() + "m" + String.format("%02ds", d.toSecondsPart());
    }
    return d.toHours() + "h" + String.format("%02dm", d.toMinutesPart());
  }

  private static String facts(Map<String, String> facts, boolean shorten) {
    return facts.entrySet().stream()
        .map(e -> e.getKey() + "=" + (shorten ? shorten(e.getValue(), FACT_WIDTH) : e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String shorten(String value, int max) {
    return value == null || value.length() <= max ? String.valueOf(value) : value.substring(0, max - 1) + "…";
  }

  private static String pad(String s, int width, boolean right) {
    String padding = " ".repeat(Math.max(0, width - s.length()));
    return right ? padding + s : s + padding;
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value).append(" |\n");
  }

  private static String code(String s) {
    return s == null ? "" : "`" + s + "`";
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private static String orBlank(Object o) {
    return o == null ? "" : o.toString();
  }

  private String outcome(Outcome o) {
    return switch (o) {
      case SUCCEEDED -> green(o.name());
      case RUNNING -> yellow(o.name());
      default -> red(o.name());
    };
  }

  private String stateColour(String state, String cell) {
    return switch (state) {
      case "DONE" -> green(cell);
      case "RUNNING", "WAITING_FOR_APPROVAL" -> yellow(cell);
      case "FAILED" -> red(cell);
      default -> cell;
    };
  }

  private String ansi(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  private String bold(String s) {
    return ansi("1", s);
  }

  private String green(String s) {
    return ansi("32", s);
  }

  private String yellow(String s) {
    return ansi("33", s);
  }

  private String red(String s) {
    return ansi("31", s);
  }
}
