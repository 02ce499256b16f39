package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.DevServerProcess;
import io.cantonrunbooks.cli.support.ProcessHarness;
import io.cantonrunbooks.cli.support.WorkerProcess;
import io.cantonrunbooks.worker.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The deployment shape of the product on one machine: a dev server, a worker and a client, each its
 * own OS process, talking over TCP.
 *
 * <p>Once a runbook exists, the workflow started here can be one a worker runs to completion: start
 * it with {@code temporal.client().newWorkflowStub(...)} on the task queue {@code canton-runbooks}
 * and wait for its result.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SeparateProcessesTest {

  @Test
  void dev_server_worker_and_client_run_as_separate_processes_and_stop_gracefully_on_sigterm() {
    try (DevServerProcess server = DevServerProcess.start();
        WorkerProcess worker = WorkerProcess.start(server.address())) {

      // The third process role: this test, over TCP, through the same connection code as the CLI.
      try (TemporalConnection temporal = server.connect()) {
        WorkflowStub stub =
            temporal
                .client()
                .newUntypedWorkflowStub(
                    "ProbeWorkflow",
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("probe/separate-processes")
                        .setTaskQueue("nobody-polls-this")
                        .build());
        WorkflowExecution execution = stub.start();
        assertThat(execution.getWorkflowId()).isEqualTo("probe/separate-processes");

        CliRun open = CliRun.of("list", "--open", "--address", server.address());
        assertThat(open.exitCode()).as("%s", open).isZero();
        assertThat(open.out()).as("%s", open).contains("probe/separate-processes", "ProbeWorkflow", "running");

        stub.terminate("the probe has served its purpose");
        CliRun closed = CliRun.of("list", "--closed", "--address", server.address());
        assertThat(closed.out()).as("%s", closed).contains("probe/separate-processes", "terminated");
        assertThat(CliRun.of("list", "--open", "--address", server.address()).out()).contains("No workflows.");
      }

      assertThat(worker.stop(Duration.ofSeconds(30))).as(worker.output()).isEqualTo(ProcessHarness.SIGTERM_EXIT);
      assertThat(worker.output()).contains("worker stopped");
      assertThat(server.stop(Duration.ofSeconds(30))).as(server.output()).isEqualTo(ProcessHarness.SIGTERM_EXIT);
      assertThat(server.output()).contains("Temporal dev server stopped");
    }
  }
}
