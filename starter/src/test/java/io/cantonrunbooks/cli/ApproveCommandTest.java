package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.cli.support.WithRunbookEnvironment;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApproveCommandTest extends WithRunbookEnvironment {

  @TempDir Path dir;

  @Test
  void an_allowed_approval_is_accepted_and_prints_how_many_approvals_the_gate_has() {
    String id = env.startTemplate(dir, "--set", "approvals.minApprovers=2");
    env.awaitGate(id, "before-target-isolation");

    CliRun approve = env.cli("approve", id, "--gate", "before-target-isolation", "--as", "bob", "--comment", "checked");

    assertThat(approve.exitCode()).as("%s", approve).isZero();
    assertThat(approve.out()).as("%s", approve)
        .contains("Approved gate before-target-isolation", "as bob", "1 of 2 approvals", "the gate waits for 1 more");
    assertThat(env.status(id).gates().get(0).approvals()).singleElement()
        .satisfies(a -> assertThat(a.comment()).isEqualTo("checked"));
  }

  @Test
  void an_approver_not_on_the_allow_list_is_refused_with_the_reason_and_exit_code_2() {
    String id = env.startTemplate(dir, "--set", "approvals.approvers=[\"bob\",\"carol\"]");
    env.awaitGate(id, "before-target-isolation");

    CliRun approve = env.cli("approve", id, "--gate", "before-target-isolation", "--as", "mallory");

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve).contains("refused:", "mallory", "Nothing changed");
    assertThat(env.status(id).gates().get(0).state()).isEqualTo(GateState.WAITING);
  }

  @Test
  void the_starter_may_not_approve_their_own_runbook_by_default() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun approve = env.cli("approve", id, "--gate", "before-target-isolation", "--as", "alice");

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve).contains("refused:", "alice");
  }

  @Test
  void approving_a_gate_that_is_not_waiting_is_refused() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun approve = env.cli("approve", id, "--gate", "before-acs-import", "--as", "bob");

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve).contains("refused:", "before-acs-import", "not waiting");
  }

  @Test
  void a_rejection_ends_the_runbook_as_rejected() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun reject = env.cli("reject", id, "--gate", "before-target-isolation", "--as", "bob", "--comment", "wrong target");

    assertThat(reject.exitCode()).as("%s", reject).isZero();
    assertThat(reject.out()).as("%s", reject).contains("Rejected gate before-target-isolation", "runs its compensations");
    env.awaitEnd(id);
    CliRun status = env.cli("status", id);
    assertThat(status.out()).as("%s", status).contains("REJECTED", "GATE_REJECTED");
  }

  @Test
  void approving_an_unknown_runbook_says_so_and_points_at_list() {
    CliRun approve = env.cli("approve", "offline-party-replication/nobody", "--gate", "before-acs-import", "--as", "bob");

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve).contains("no runbook with id 'offline-party-replication/nobody'", "runbook list");
  }

  @Test
  void an_abort_stops_the_runbook_and_records_who_and_why() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");

    CliRun abort = env.cli("abort", id, "--as", "bob", "--reason", "window closed");

    assertThat(abort.exitCode()).as("%s", abort).isZero();
    assertThat(abort.out()).as("%s", abort).contains("Abort requested for " + id, "runbook watch " + id);
    env.awaitEnd(id);
    CliRun status = env.cli("status", id, "--output", "json");
    assertThat(status.out()).as("%s", status).contains("\"outcome\" : \"ABORTED\"", "aborted by bob: window closed");
    assertThat(env.cli("abort", id, "--as", "bob").exitCode()).as("aborting an ended runbook").isEqualTo(2);
  }
}
