package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.ProcessHarness;
import io.cantonrunbooks.testbed.TestbedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook config check --connect} against a testbed whose Ledger APIs require a token. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfigCheckConnectTest {

  @TempDir Path dir;

  @Test
  void every_node_that_answers_with_its_token_is_ok_and_the_check_exits_0() throws Exception {
    Path token = Files.writeString(dir.resolve("ledger.jwt"), "good-token");
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).ledgerApiAdminToken(token).build()) {
      Path conf = Files.writeString(dir.resolve("worker.conf"), net.workerConfig(dir));

      CliRun run = CliRun.of("config", "check", "--config", conf.toString(), "--connect");

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.out()).as("%s", run).contains(
          "  participant1   ok      " + net.participant("participant1").uid() + ", Canton 3.",
          "  participant2   ok      " + net.participant("participant2").uid() + ", Canton 3.",
          "connected to global, ledger end ",
          "every node answered");
    }
  }

  @Test
  void a_refused_token_and_an_unreachable_node_are_each_named_and_the_check_exits_1() throws Exception {
    Path token = Files.writeString(dir.resolve("ledger.jwt"), "good-token");
    Path stale = Files.writeString(dir.resolve("stale.jwt"), "stale-token");
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).ledgerApiAdminToken(token).build()) {
      Path conf = Files.writeString(dir.resolve("worker.conf"), net.workerConfig(dir)
          + "nodes.participant2.token.file = \"" + stale + "\"\n"
          + "nodes.participant3 { admin-api = \"127.0.0.1:" + ProcessHarness.freePort() + "\", ledger-api = \"127.0.0.1:"
          + ProcessHarness.freePort() + "\" }\n");

      CliRun run = CliRun.of("config", "check", "--config", conf.toString(), "--connect");

      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.out()).as("%s", run)
          .contains("configuration is valid")
          .contains("  participant1   ok      ")
          .contains("  participant2   FAILED  participant2: ledger_api.state.end failed with UNAUTHENTICATED")
          .contains("nodes.<name>.token")
          .contains("  participant3   FAILED  participant3: ")
          .contains("2 of 3 nodes failed the connection check")
          .doesNotContain("stale-token", "good-token");
    }
  }
}
