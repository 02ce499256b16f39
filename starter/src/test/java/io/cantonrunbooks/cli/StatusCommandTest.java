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
class StatusCommandTest extends WithRunbookEnvironment {

  @TempDir Path dir;

  @Test
  void the_table_shows_steps_the_waiting_gate_who_may_approve_and_the_exact_approve_command() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun status = env.cli("status", id);

    assertThat(status.exitCode()).as("%s", status).isZero();
    assertThat(status.out()).as("%s", status)
        .contains("offline-party-replication  " + id + "  RUNNING", "started ", " by alice")
        .containsPattern("#\\s+STEP\\s+STATE\\s+DURATION\\s+FACTS")
        .containsPattern("0\\s+PREFLIGHT\\s+DONE\\s+\\d+m?s\\s+targetState=NOT_HOSTED")
        .containsPattern("\\d\\s+ISOLATE_TARGET\\s+WAITING_FOR_APPROVAL")
        .contains("Waiting for approval at gate before-target-isolation: 0 of 1 approvals", "times out at ")
        .contains("Who may approve: anyone except alice (who started it)")
        .contains("Approve: runbook approve " + id + " --gate before-target-isolation --as NAME")
        .contains("Compensations:", "REGISTERED")
        .doesNotContain("\u001b[");
  }

  @Test
  void refused_signals_are_listed_in_the_table() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");
    // The Temporal UI sends approvals as signals, which cannot be refused synchronously.
    io.temporal.client.WorkflowClient.newInstance(
            io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
                io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget(env.address()).build()))
        .newUntypedWorkflowStub(id)
        .signal("approveSignal", new io.cantonrunbooks.workflows.runbook.GateDecision("before-target-isolation", "alice", null));

    CliRun status = null;
    for (int i = 0; i < 50 && (status == null || !status.out().contains("Refused decisions:")); i++) {
      status = env.cli("status", id);
    }

    assertThat(status.out()).as("%s", status).contains("Refused decisions:", "APPROVE by alice at before-target-isolation");
  }

  @Test
  void json_output_is_the_status_record() throws Exception {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun status = env.cli("status", id, "--output", "json");

    assertThat(status.exitCode()).as("%s", status).isZero();
    JsonNode json = Json.MAPPER.readTree(status.out());
    assertThat(json.get("workflowId").asText()).isEqualTo(id);
    assertThat(json.get("outcome").asText()).isEqualTo("RUNNING");
    assertThat(json.get("waitingGate").asText()).isEqualTo("before-target-isolation");
    assertThat(json.get("steps")).hasSize(13);
    assertThat(json.get("input").get("approvals").get("startedBy").asText()).isEqualTo("alice");
    assertThat(json.get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void a_finished_runbook_still_has_a_status_from_its_result() {
    String id = env.startTemplate(dir);
    env.approveAll(id, "bob");
    env.awaitEnd(id);

    CliRun status = env.cli("status", id);

    assertThat(status.exitCode()).as("%s", status).isZero();
    assertThat(status.out()).as("%s", status).contains("SUCCEEDED", "ended ").containsPattern("\\d+\\s+VERIFY\\s+DONE")
        .doesNotContain("Waiting for approval");
  }
}
