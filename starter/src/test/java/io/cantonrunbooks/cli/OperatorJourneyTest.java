package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliProcess;
import io.cantonrunbooks.cli.support.DevServerProcess;
import io.cantonrunbooks.cli.support.WorkerProcess;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operator verb as an operator runs it: each {@code runbook} command its own OS process,
 * against a dev-server process, a worker process and the testbed's nodes over gRPC. One
 * replication is started, approved gate by gate, watched, reported and listed; a second is
 * aborted, and a late approval of it is refused.
 */
class OperatorJourneyTest {

  @TempDir Path dir;

  private static String input(String party, String source, String target) {
    return """
        {"partyId": "%s", "synchronizerAlias": "global", "sourceNode": "%s", "targetNode": "%s",
         "permission": "SUBMISSION", "approvals": {"approvers": ["bob"], "minApprovers": 1}}
        """.formatted(party, source, target);
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void start_status_approve_watch_report_list_and_abort_each_run_as_their_own_process() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(3).build()) {
      var p1 = net.participant("participant1");
      String alice = p1.allocateParty("alice");
      String carol = p1.allocateParty("carol");
      List<String> contracts = List.of("A", "B").stream()
          .map(a -> net.engine().createContract(p1, alice, List.of(), a).contractId()).toList();
      Path config = dir.resolve("worker.conf");
      Files.writeString(config, net.workerConfig(dir));
      Path aliceInput = Files.writeString(dir.resolve("alice.json"), input(alice, "participant1", "participant2"));
      Path carolInput = Files.writeString(dir.resolve("carol.json"), input(carol, "participant1", "participant3"));

      try (DevServerProcess server = DevServerProcess.start();
          WorkerProcess worker = WorkerProcess.start(server.address(), "--config", config.toString());
          TemporalConnection temporal = server.connect()) {
        String address = server.address();
        String id = "offline-party-replication/" + alice + "/participant2";

        var start = CliProcess.run("start", "offline-party-replication", "--input", aliceInput.toString(),
            "--as", "alice", "--address", address);
        assertThat(start.exitCode()).as("%s", start).isZero();
        assertThat(start.output()).contains(id);

        for (String gate : List.of("before-target-isolation", "before-party-authorization", "before-acs-import")) {
          awaitGate(temporal, id, gate);
          var status = CliProcess.run("status", id, "--address", address);
          assertThat(status.output()).as("%s", status).contains(gate);
          var approve = CliProcess.run("approve", id, "--gate", gate, "--as", "bob", "--comment", "checked",
              "--address", address);
          assertThat(approve.exitCode()).as("%s", approve).isZero();
        }
        var watch = CliProcess.run("watch", id, "--address", address);
        assertThat(watch.exitCode()).as("%s", watch).isZero();
        assertThat(watch.output()).contains("ended: SUCCEEDED");
        assertThat(p2Contracts(net, alice)).containsExactlyInAnyOrderElementsOf(contracts);

        var reportMd = CliProcess.run("report", id, "--address", address);
        assertThat(reportMd.output()).as("%s", reportMd).contains("SUCCEEDED", "bob", "checked");
        var reportJson = CliProcess.run("report", id, "--format", "json", "--address", address);
        assertThat(reportJson.output()).contains("\"outcome\" : \"SUCCEEDED\"");
        var list = CliProcess.run("list", "--closed", "--address", address);
        assertThat(list.output()).as("%s", list).contains(id);

        String carolId = "offline-party-replication/" + carol + "/participant3";
        assertThat(CliProcess.run("start", "offline-party-replication", "--input", carolInput.toString(),
            "--as", "alice", "--address", address).exitCode()).isZero();
        awaitGate(temporal, carolId, "before-target-isolation");
        var abort = CliProcess.run("abort", carolId, "--reason", "change window closed", "--as", "alice",
            "--address", address);
        assertThat(abort.exitCode()).as("%s", abort).isZero();
        var watchAborted = CliProcess.run("watch", carolId, "--address", address);
        assertThat(watchAborted.exitCode()).as("%s", watchAborted).isEqualTo(1);
        var late = CliProcess.run("approve", carolId, "--gate", "before-target-isolation", "--as", "bob",
            "--address", address);
        assertThat(late.exitCode()).as("%s", late).isEqualTo(2);
        assertThat(late.output()).contains("has ended (ABORTED)");
        assertThat(net.participant("participant3").isConnected()).as("the aborted target was never isolated").isTrue();
        assertThat(net.alarms()).isEmpty();
      }
    }
  }

  private static java.util.Set<String> p2Contracts(TestbedNetwork net, String party) {
    return net.participant("participant2").activeContracts(party).stream().map(Contract::contractId).collect(Collectors.toSet());
  }

  private static void awaitGate(TemporalConnection temporal, String id, String gate) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      RunbookStatus status = temporal.client().newUntypedWorkflowStub(id).query("status", RunbookStatus.class);
      if (gate.equals(status.waitingGate())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never waited at " + gate);
  }
}
