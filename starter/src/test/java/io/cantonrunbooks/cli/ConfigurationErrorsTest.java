package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.ProcessHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConfigurationErrorsTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "runbook {0} --config bad.conf exits 2")
  @ValueSource(strings = {"config check", "worker", "list"})
  void a_bad_configuration_exits_2_with_the_problem_on_stderr_before_connecting(String command)
      throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.conf"), "nodes.participant1 { admin-api = \"localhost\", ledger-api = \"localhost:5001\" }\n");
    var args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    args.addAll(java.util.List.of("--config", bad.toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .as("%s", run)
        .startsWith(
            "runbook: invalid configuration: nodes.participant1.admin-api: expected host:port, got \"localhost\" (bad.conf:1)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void a_bad_address_flag_is_a_configuration_error() {
    CliRun run = CliRun.of("list", "--address", "nowhere");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("temporal.address: expected host:port or \"embedded\", got \"nowhere\" (--address)");
  }

  @Test
  void an_unreachable_temporal_is_one_sentence_and_exit_code_1() {
    int port = ProcessHarness.freePort();
    CliRun run = CliRun.of("list", "--address", "localhost:" + port);
    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run).startsWith("runbook: cannot reach Temporal at localhost:" + port + ": ");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void config_check_prints_the_inventory_with_secrets_masked() throws Exception {
    Files.writeString(tmp.resolve("p1.jwt"), "s3cr3t-token");
    Path conf =
        Files.writeString(
            tmp.resolve("worker.conf"),
            """
            temporal { address = "temporal.example.com:7233", api-key = "s3cr3t-api-key" }
            nodes.participant1 {
              admin-api = "localhost:5002"
              ledger-api = "localhost:5001"
              token.file = "p1.jwt"
              backup.provider = testbed
            }
            disabled-runbooks = [no-such-runbook]
            """);
    CliRun run = CliRun.of("config", "check", "--config", conf.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out())
        .contains(
            "temporal       temporal.example.com:7233, namespace default, TLS (system trust store), API key inline (****)",
            "  participant1",
            "    admin-api   localhost:5002",
            "    token       file " + tmp.resolve("p1.jwt") + " (value not shown)",
            "    backup      testbed, directory ",
            "configuration is valid")
        .doesNotContain("s3cr3t");
    assertThat(run.err()).contains("warning: disabled-runbooks names \"no-such-runbook\", which matches no runbook");
  }

  @Test
  void config_check_works_with_no_file_at_all() {
    CliRun run = CliRun.of("config", "check");
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("temporal       localhost:7233, namespace default, plaintext", "nodes          none",
        "metrics        off (set metrics.port to serve Prometheus metrics)",
        "approvals      no approver registry: each runbook's input names its approver keys");
  }

  @Test
  void config_check_prints_the_approver_registry_in_full() throws Exception {
    String bob = io.cantonrunbooks.activities.keys.Ed25519Keys.toOpenSshPublicKey(
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "bob@ops");
    Path conf = Files.writeString(tmp.resolve("worker.conf"), "approvals.keys.bob = \"" + bob + "\"\n");
    CliRun run = CliRun.of("config", "check", "--config", conf.toString());
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("approvals      approver registry of 1, signed decisions required", "  bob  " + bob);
  }
}
