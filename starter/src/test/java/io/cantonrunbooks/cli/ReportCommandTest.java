package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.cli.support.WithRunbookEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportCommandTest extends WithRunbookEnvironment {

  @TempDir Path dir;

  @Test
  void after_success_the_markdown_report_has_the_input_every_step_with_facts_and_every_approval() {
    String id = env.startTemplate(dir);
    env.approveAll(id, "bob");
    env.awaitEnd(id);

    CliRun report = env.cli("report", id);

    assertThat(report.exitCode()).as("%s", report).isZero();
    assertThat(report.out()).as("%s", report)
        .startsWith("# Runbook report: offline-party-replication")
        .contains("| Workflow id | `" + id + "` |", "| Outcome | **SUCCEEDED** |", "| Started by | alice |")
        .contains("## Input", "\"partyId\" : \"alice::1220", "\"defaultGateTimeout\"")
        .contains("## Steps", "(`EXPORT_PARTY_ACS`) | DONE", "### 0. PREFLIGHT", "- targetState: `NOT_HOSTED`")
        .contains("## Approvals", "| before-target-isolation | APPROVE | bob |", "| before-acs-import | APPROVE | bob |", "| update |")
        .contains("## Compensations", "## Refused decisions");
    assertThat(report.err()).isEmpty();
  }

  @Test
  void after_a_rejection_the_report_comes_from_the_failure_and_names_who_rejected() throws Exception {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");
    env.cli("approve", id, "--gate", "before-target-isolation", "--as", "bob");
    env.awaitGate(id, "before-party-authorization");
    env.cli("reject", id, "--gate", "before-party-authorization", "--as", "carol", "--comment", "wrong party");
    env.awaitEnd(id);

    CliRun md = env.cli("report", id, "--format", "md");
    CliRun json = env.cli("report", id, "--format", "json");

    assertThat(md.exitCode()).as("%s", md).isZero();
    assertThat(md.out()).as("%s", md)
        .contains("| Outcome | **REJECTED** |", "| Failure | `GATE_REJECTED`", "| before-party-authorization | REJECT | carol |",
            "wrong party", "| before-target-isolation | APPROVE | bob |");
    assertThat(md.out()).as("compensations ran: %s", md).containsPattern("\\| (DONE|DISCHARGED|NOT_UNDONE|FAILED) \\|");
    JsonNode report = Json.MAPPER.readTree(json.out());
    assertThat(report.get("outcome").asText()).isEqualTo("REJECTED");
    assertThat(report.get("failureType").asText()).isEqualTo("GATE_REJECTED");
    assertThat(report.get("gates").get(1).get("approvals").get(0).get("approver").asText()).isEqualTo("carol");
  }

  @Test
  void a_report_of_a_running_runbook_says_it_is_not_final() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun report = env.cli("report", id);

    assertThat(report.exitCode()).as("%s", report).isZero();
    assertThat(report.out()).contains("| Ended | still running |");
    assertThat(report.err()).contains("still running; this report is not final");
  }
}
