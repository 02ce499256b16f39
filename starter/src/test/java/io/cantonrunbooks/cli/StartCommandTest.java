package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.workflows.testing.MockedNodes;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.cli.support.WithRunbookEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StartCommandTest extends WithRunbookEnvironment {

  static final String ID = "offline-party-replication/" + MockedNodes.PARTY + "/" + MockedNodes.TARGET;

  @TempDir Path dir;

  @Test
  void the_template_starts_as_is_and_a_second_start_while_it_runs_is_refused() {
    Path input = RunbookEnvironment.template(dir);

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice");
    assertThat(start.exitCode()).as("%s", start).isZero();
    assertThat(start.out()).as("%s", start).contains("Started offline-party-replication: " + ID, "runbook watch " + ID);
    env.awaitGate(ID, "before-target-isolation");
    assertThat(env.status(ID).input()).asString().contains("startedBy=alice");

    CliRun again = env.cli("start", "offline-party-replication", "-f", input.toString(), "--as", "alice");
    assertThat(again.exitCode()).as("%s", again).isEqualTo(2);
    assertThat(again.err()).as("%s", again).contains("already running: " + ID, "runbook status " + ID);

    assertThat(env.cli("abort", ID, "--as", "alice").exitCode()).isZero();
    env.awaitEnd(ID);
  }

  @Test
  void an_unknown_field_is_refused_with_its_dotted_name() throws IOException {
    Path input = RunbookEnvironment.template(dir);
    Files.writeString(input, Files.readString(input).replace("\"minApprovers\"", "\"minApprover\""));

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice");

    assertThat(start.exitCode()).as("%s", start).isEqualTo(2);
    assertThat(start.err()).as("%s", start).contains("unknown field 'approvals.minApprover'", "minApprovers");
  }

  @Test
  void an_unknown_field_given_with_set_is_refused_too() {
    Path input = RunbookEnvironment.template(dir);

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice",
        "--set", "targetNodes=participant3");

    assertThat(start.exitCode()).as("%s", start).isEqualTo(2);
    assertThat(start.err()).as("%s", start).contains("unknown field 'targetNodes'");
  }

  @Test
  void malformed_json_is_refused_with_its_line_and_column() throws IOException {
    Path input = Files.writeString(dir.resolve("bad.json"), "{\n  \"partyId\": \"alice::1220ab\",\n  \"sourceNode\" \"p1\"\n}\n");

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice");

    assertThat(start.exitCode()).as("%s", start).isEqualTo(2);
    assertThat(start.err()).as("%s", start).contains("bad.json:3:", "malformed JSON");
  }

  @Test
  void every_problem_of_the_input_is_listed_and_nothing_starts() {
    Path input = RunbookEnvironment.template(dir);

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice",
        "--set", "partyId=alice",
        "--set", "targetNode=participant1",
        "--set", "maxImportAttempts=0",
        "--set", "approvals.gates=[\"before-lunch\"]");

    assertThat(start.exitCode()).as("%s", start).isEqualTo(2);
    assertThat(start.err()).as("%s", start)
        .contains("4 problem(s)", "partyId:", "targetNode:", "maxImportAttempts:", "approvals.gates: unknown gate 'before-lunch'",
            "Nothing was started");
    assertThat(env.cli("list", "--open").out()).contains("No workflows");
  }

  @Test
  void a_value_of_the_wrong_kind_names_its_field_and_the_choices() {
    Path input = RunbookEnvironment.template(dir);

    CliRun start = env.cli("start", "offline-party-replication", "--input", input.toString(), "--as", "alice",
        "--set", "permission=OWNER");

    assertThat(start.exitCode()).as("%s", start).isEqualTo(2);
    assertThat(start.err()).as("%s", start).contains("'permission'", "OWNER", "SUBMISSION");
  }

  @Test
  void an_unknown_runbook_names_the_ones_there_are() {
    CliRun start = env.cli("start", "party-teleportation", "--input", "in.json");

    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.err()).contains("unknown runbook 'party-teleportation'", "offline-party-replication");
  }
}
