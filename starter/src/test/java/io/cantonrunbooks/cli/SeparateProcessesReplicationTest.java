package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.cli.support.DevServerProcess;
import io.cantonrunbooks.cli.support.ProcessHarness;
import io.cantonrunbooks.cli.support.WorkerProcess;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as operators deploy it: a dev server and a worker, each its own OS process, the
 * nodes reached over gRPC, and the runbook started from a third process role (this test) over TCP
 * and run to completion; the worker process's metrics endpoint then counts it.
 */
class SeparateProcessesReplicationTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void a_replication_started_from_a_client_process_completes_on_a_worker_process_against_the_nodes() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build()) {
      String alice = net.participant("participant1").allocateParty("alice");
      List<String> contracts = List.of("A", "B").stream()
          .map(a -> net.engine().createContract(net.participant("participant1"), alice, List.of(), a).contractId())
          .toList();
      Path config = dir.resolve("worker.conf");
      int metricsPort = ProcessHarness.freePort();
      String hocon = net.workerConfig(dir) + "metrics { port = " + metricsPort + ", host = \"127.0.0.1\" }\n";
      Files.writeString(config, hocon);

      try (DevServerProcess server = DevServerProcess.start();
          WorkerProcess worker = WorkerProcess.start(server.address(), "--config", config.toString());
          TemporalConnection temporal = server.connect()) {
        var input = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
            new ApprovalPolicy(List.of(), null, null, null, "test", null, null), Duration.ofMinutes(2), 3,
            Duration.ofMinutes(2), false, null);
        OfflinePartyReplication wf = temporal.client().newWorkflowStub(OfflinePartyReplication.class,
            WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue("canton-runbooks").build());
        WorkflowClient.start(wf::run, input);
        RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(3, TimeUnit.MINUTES, RunbookStatus.class);

        assertThat(report.outcome()).as(worker.output()).isEqualTo(Outcome.SUCCEEDED);
        Set<String> onTarget = net.participant("participant2").activeContracts(alice).stream()
            .map(Contract::contractId).collect(Collectors.toSet());
        assertThat(onTarget).containsExactlyInAnyOrderElementsOf(contracts);
        assertThat(net.alarms()).isEmpty();

        // The worker process serves its metrics, the runbook's among them, where its start line says.
        String url = "http://127.0.0.1:" + metricsPort + "/metrics";
        assertThat(worker.output()).contains("metrics on " + url);
        String succeeded = "runbook_duration_seconds_count{namespace=\"default\",outcome=\"succeeded\","
            + "runbook=\"offline-party-replication\",task_queue=\"canton-runbooks\",workflow_type=\"OfflinePartyReplication\"} 1";
        String exported = report.steps().stream().filter(s -> s.name().equals("EXPORT_PARTY_ACS"))
            .findFirst().orElseThrow().facts().get("bytes");
        String scrape = "";
        for (int i = 0; i < 100 && !(scrape.contains(succeeded) && scrape.contains("runbook_acs_bytes_total")); i++) {
          Thread.sleep(100);
          scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(scrape).contains(succeeded)
            .containsPattern("runbook_acs_bytes_total\\{[^}]*direction=\"export\"[^}]*\\} " + exported + "\\.0\n")
            .containsPattern("temporal_request_total\\{[^}]*\\} [1-9]");
        assertThat(worker.stop(Duration.ofSeconds(30))).as(worker.output()).isEqualTo(ProcessHarness.SIGTERM_EXIT);
      }
    }
  }
}
