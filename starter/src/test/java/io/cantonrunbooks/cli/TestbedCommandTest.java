package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TestbedCommandTest {

  @Test
  void the_testbed_prints_its_endpoints_and_worker_config_and_stops_cleanly() throws Exception {
    var command = new TestbedCommand();
    var out = new StringWriter();
    var err = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--participants", "2"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains("Testbed running") && System.nanoTime() < deadline && !exit.isDone()) {
      Thread.sleep(50);
    }
    command.stop();

    assertThat(exit.get(30, TimeUnit.SECONDS)).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
    assertThat(out.toString())
        .contains("participant1", "participant2", "admin-api", "ledger-api", "Worker configuration", "Testbed stopped")
        .doesNotContain("participant3");
  }

  @Test
  void an_unknown_timings_choice_is_a_usage_error() {
    var err = new StringWriter();
    assertThat(RunbookCli.commandLine().setErr(new PrintWriter(err)).execute("testbed", "--timings", "slow"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--timings", "canton", "fast");
  }

  @Test
  void zero_participants_is_a_usage_error() {
    assertThat(RunbookCli.commandLine().setErr(new PrintWriter(new StringWriter())).execute("testbed", "--participants", "0"))
        .isEqualTo(2);
  }
}
