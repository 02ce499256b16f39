package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.DevServerProcess;
import io.cantonrunbooks.cli.support.ProcessHarness;
import io.cantonrunbooks.cli.support.TestPki;
import io.cantonrunbooks.cli.support.WorkerProcess;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's and CLI's {@code temporal.tls} settings against a server that requires mutual TLS:
 * {@code runbook dev-server --tls-cert --tls-key --tls-client-ca} in its own process, with a CA,
 * a server certificate and client certificates made at test time.
 *
 * <p>With the right client certificate a worker process and this process run a replication over
 * the TLS front; every wrong setting is refused by the CLI with exit 1 and a sentence that names
 * the {@code temporal.tls} key to fix.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MutualTlsTest {

  @TempDir static Path dir;
  static TestPki ca;
  static TestPki otherCa;
  static TestPki.Issued client;
  static DevServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    ca = TestPki.create("runbook-test-ca", dir.resolve("pki"));
    otherCa = TestPki.create("some-other-ca", dir.resolve("pki"));
    TestPki.Issued serverCert = ca.server("temporal-frontend");
    client = ca.client("worker", "runbook-worker");
    server = DevServerProcess.startMutualTls(serverCert.cert(), serverCert.key(), ca.caFile());
    assertThat(server.awaitLine("TLS with certificate", Duration.ofSeconds(30)))
        .endsWith("; clients must present a certificate issued by " + ca.caFile());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** A configuration file for the TLS dev server with the given {@code temporal.tls} block body. */
  private static Path config(String name, String tlsBlock, String more) throws Exception {
    return Files.writeString(dir.resolve(name + ".conf"),
        "temporal { address = \"" + server.address() + "\"\n  tls { " + tlsBlock + " } }\n" + more);
  }

  private static String tls(TestPki.Issued cert, Path caFile) {
    return "cert = \"" + cert.cert() + "\", key = \"" + cert.key() + "\", ca = \"" + caFile + "\"";
  }

  @Test
  void a_worker_and_a_cli_with_the_right_client_certificate_run_a_replication_over_mutual_tls() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build()) {
      String alice = net.participant("participant1").allocateParty("alice");
      List<String> contracts = List.of("A", "B").stream()
          .map(a -> net.engine().createContract(net.participant("participant1"), alice, List.of(), a).contractId())
          .toList();
      Path workerConf = config("worker", tls(client, ca.caFile()), net.workerConfig(dir.resolve("worker")));

      try (WorkerProcess worker = WorkerProcess.start(server.address(), "--config", workerConf.toString());
          TemporalConnection temporal = TemporalConnection.open(
              RunbookConfigLoader.load(Optional.of(workerConf), Map.of(), List.of()).temporal())) {
        assertThat(worker.output()).contains("worker started on " + server.address() + " (namespace default, TLS)");
        var input = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
            new ApprovalPolicy(List.of(), null, null, null, "test", null, null), Duration.ofMinutes(2), 3,
            Duration.ofMinutes(2), false, null);
        OfflinePartyReplication wf = temporal.client().newWorkflowStub(OfflinePartyReplication.class,
            WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue("canton-runbooks").build());
        WorkflowClient.start(wf::run, input);
        RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(3, TimeUnit.MINUTES, RunbookStatus.class);

        assertThat(report.outcome()).as(worker.output()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(net.participant("participant2").activeContracts(alice).stream().map(Contract::contractId)
            .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(contracts);
        assertThat(net.alarms()).isEmpty();

        // The CLI reads the report over the same mutual TLS.
        CliRun status = CliRun.of("status", input.workflowId(), "--config", workerConf.toString(), "--output", "json");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.out()).as("%s", status).contains("\"outcome\" : \"SUCCEEDED\"");
        assertThat(worker.stop(Duration.ofSeconds(30))).as(worker.output()).isEqualTo(ProcessHarness.SIGTERM_EXIT);
      }
    }
  }

  @Test
  void a_client_without_a_certificate_is_refused_and_told_to_set_temporal_tls_cert() throws Exception {
    CliRun run = CliRun.of("list", "--config", config("no-cert", "ca = \"" + ca.caFile() + "\"", "").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .startsWith("runbook: cannot reach Temporal at " + server.address()
            + ": the server requires a client certificate (mutual TLS) and none is configured")
        .contains("Set temporal.tls.cert and temporal.tls.key to a client certificate issued by a CA the server trusts.")
        .doesNotContain("\tat ");
  }

  @Test
  void a_client_certificate_from_another_ca_is_refused_naming_temporal_tls_cert() throws Exception {
    TestPki.Issued stranger = otherCa.client("stranger", "runbook-worker");
    CliRun run = CliRun.of("list", "--config", config("other-ca", tls(stranger, ca.caFile()), "").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .startsWith("runbook: cannot reach Temporal at " + server.address()
            + ": the server did not accept the client certificate in temporal.tls.cert (" + stranger.cert() + ")")
        .contains("Set temporal.tls.cert and temporal.tls.key to a client certificate issued by a CA the server trusts.");
  }

  @Test
  void a_server_name_the_certificate_does_not_hold_is_refused_naming_temporal_tls_server_name() throws Exception {
    CliRun run = CliRun.of("list", "--config",
        config("wrong-name", tls(client, ca.caFile()) + ", server-name = \"temporal.example.com\"", "").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .startsWith("runbook: cannot reach Temporal at " + server.address()
            + ": the server's certificate is not valid for the name \"temporal.example.com\" (temporal.tls.server-name):"
            + " it holds localhost")
        .contains("Set temporal.tls.server-name to a name the server's certificate holds, or remove it.");
  }

  @Test
  void a_server_certificate_from_a_ca_we_do_not_trust_is_refused_naming_temporal_tls_ca() throws Exception {
    CliRun run = CliRun.of("list", "--config", config("untrusted", tls(client, otherCa.caFile()), "").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .startsWith("runbook: cannot reach Temporal at " + server.address()
            + ": the server's certificate is not issued by a CA we trust (temporal.tls.ca = " + otherCa.caFile() + ")")
        .contains("Set temporal.tls.ca to the PEM certificate of the CA that issued the server's certificate.");
  }

  @Test
  void a_worker_without_a_certificate_does_not_start_and_says_which_key_to_set() throws Exception {
    CliRun run = CliRun.of("worker", "--config", config("worker-no-cert", "ca = \"" + ca.caFile() + "\"", "").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .contains("the server requires a client certificate (mutual TLS) and none is configured")
        .contains("Set temporal.tls.cert and temporal.tls.key");
    assertThat(run.out()).doesNotContain(WorkerCommand.STARTED);
  }

  @Test
  void a_plaintext_client_is_told_that_the_server_may_expect_temporal_tls() {
    CliRun run = CliRun.of("list", "--address", server.address());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).as("%s", run)
        .startsWith("runbook: cannot reach Temporal at " + server.address()
            + ": the server closed the connection without answering")
        .contains("If the server expects TLS, configure temporal.tls");
  }

  @Test
  void a_tls_client_against_a_plaintext_server_is_told_the_server_does_not_speak_tls() throws Exception {
    int port = ProcessHarness.freePort();
    try (DevServer plaintext = DevServer.start(port, Optional.empty())) {
      Path conf = Files.writeString(dir.resolve("plaintext.conf"),
          "temporal { address = \"localhost:" + port + "\", tls { " + tls(client, ca.caFile()) + " } }\n");
      CliRun run = CliRun.of("list", "--config", conf.toString());

      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err()).as("%s", run)
          .startsWith("runbook: cannot reach Temporal at localhost:" + port + ": the server does not speak TLS")
          .contains("Remove the temporal.tls block");
    }
  }
}
