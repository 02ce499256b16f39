package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.workflows.runbook.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An approval or abort that arrives after the runbook was aborted changes nothing and says why. */
class ApprovalAfterAbortTest {

  @TempDir Path dir;

  @Test
  void approving_an_aborted_runbook_is_refused_with_exit_code_2() {
    try (RunbookEnvironment env = RunbookEnvironment.start()) {
      String id = env.startTemplate(dir);
      env.awaitGate(id, "before-target-isolation");
      assertThat(env.cli("abort", id, "--reason", "window closed", "--as", "alice").exitCode()).isZero();
      env.awaitEnd(id);

      CliRun approve = env.cli("approve", id, "--gate", "before-target-isolation", "--as", "bob");

      assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
      assertThat(approve.err()).as("%s", approve).contains("has ended (ABORTED)", "runbook report " + id);
      CliRun abortAgain = env.cli("abort", id, "--as", "alice");
      assertThat(abortAgain.exitCode()).as("%s", abortAgain).isEqualTo(2);
      assertThat(abortAgain.err()).contains("has ended (ABORTED)");
      assertThat(env.status(id).outcome()).isEqualTo(Outcome.ABORTED);
      assertThat(env.status(id).gates().get(0).approvals()).isEmpty();
    }
  }
}
