package io.cantonrunbooks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.cli.ReportVerifier.Verdict;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook verify-report FILE}: verifies, offline, every signed decision of a report written
 * by {@code runbook report ID --format json}, against the approver keys in the report's input.
 * Exits 0 when every decision verifies, 1 when any does not (or none is signed), 2 when the file is
 * not a readable report. Needs no connection.
 */
@Command(
    name = "verify-report",
    mixinStandardHelpOptions = true,
    description = {
      "Verify every signed approval in a JSON report, offline, against the approver keys in its input.",
      "Exit 0: all verify; 1: any fails (each is named) or none is signed; 2: FILE is not a readable report.",
      "Example: runbook report ID --format json > report.json && runbook verify-report report.json"
    })
final class VerifyReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A report as `runbook report ID --format json` printed it.")
  Path file;

  @Override
  public Integer call() {
    RunbookStatus report = read(file);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> keys = DecisionSigner.approverKeys(report);
    out.println("Report of " + report.workflowId() + ", run " + report.runId() + ".");
    if (keys.isEmpty()) {
      out.println("FAILED: its policy has no approvals.approverKeys, so its decisions are not signed and cannot be verified.");
      out.flush();
      return RunbookCli.FAILED;
    }
    out.println("Approver keys in the report (compare them with your own record; the report cannot vouch for them):");
    keys.forEach((approver, key) -> out.println("  " + approver + "  " + fingerprintOrProblem(key)));
    List<Verdict> verdicts = ReportVerifier.verify(report);
    for (Verdict v : verdicts) {
      String decision = v.gate() + " " + v.decision() + " by " + v.approver() + ", signed " + v.signedAt();
      out.println(v.verified() ? "ok      " + decision : "FAILED  " + decision + ": " + v.problem());
    }
    long failed = verdicts.stream().filter(v -> !v.verified()).count();
    out.println(verdicts.size() + " decisions: " + (verdicts.size() - failed) + " verified, " + failed + " failed.");
    out.flush();
    return failed == 0 ? RunbookCli.OK : RunbookCli.FAILED;
  }

  private static String fingerprintOrProblem(String key) {
    try {
      return Ed25519Keys.fingerprint(Ed25519Keys.parseOpenSshPublicKey(key));
    } catch (IllegalArgumentException e) {
      return "unusable: " + e.getMessage();
    }
  }

  /** The report in {@code file}; a usage error (exit 2) when it cannot be read or is not a report. */
  static RunbookStatus read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CommandFailure.usage(file + ": no such file");
    } catch (IOException e) {
      throw CommandFailure.usage(file + ": cannot read it (" + e.getMessage() + ")");
    }
    RunbookStatus report;
    try {
      // Lenient about fields this version does not know: a newer report is still checked.
      report = Json.MAPPER.readerFor(RunbookStatus.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(text);
    } catch (JsonProcessingException e) {
      throw CommandFailure.usage(file + ": not a runbook report in JSON (" + e.getOriginalMessage() + ")",
          "Write one with `runbook report ID --format json > FILE`.");
    }
    if (report == null || report.workflowId() == null || report.runId() == null || report.gates() == null) {
      throw CommandFailure.usage(file + ": not a runbook report: it has no workflowId, runId or gates",
          "Write one with `runbook report ID --format json > FILE`.");
    }
    return report;
  }
}
