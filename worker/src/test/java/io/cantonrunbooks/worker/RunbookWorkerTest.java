package io.cantonrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.worker.EchoRunbook.EchoActivitiesImpl;
import io.cantonrunbooks.worker.EchoRunbook.EchoWorkflow;
import io.cantonrunbooks.worker.EchoRunbook.EchoWorkflowImpl;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RunbookWorkerTest {

  static final RunbookModule ECHO =
      RunbookModule.of("echo", List.of(EchoWorkflowImpl.class), ctx -> List.of(new EchoActivitiesImpl()));

  @TempDir Path tmp;
  TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  RunbookWorker worker;

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close();
    }
    env.close();
  }

  RunbookConfig config(String text) throws Exception {
    return RunbookConfigLoader.load(
        Optional.of(Files.writeString(tmp.resolve("worker.conf"), text)), Map.of(), List.of());
  }

  @Test
  void an_enabled_runbook_runs_on_the_workers_task_queue() throws Exception {
    worker = RunbookWorker.start(config(""), env.getWorkflowClient(), List.of(ECHO));

    EchoWorkflow echo =
        env.getWorkflowClient()
            .newWorkflowStub(
                EchoWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("canton-runbooks").build());
    assertThat(echo.echo("approved")).isEqualTo("APPROVED");
    assertThat(worker.taskQueues()).containsExactly(Map.entry("canton-runbooks", 1));
  }

  @Test
  void the_configured_heartbeat_timeout_replaces_the_workflows_own_on_every_activity() throws Exception {
    worker = RunbookWorker.start(config("worker.activity-heartbeat-timeout = 7s"), env.getWorkflowClient(), List.of(ECHO));
    EchoWorkflow echo = env.getWorkflowClient().newWorkflowStub(
        EchoWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("canton-runbooks").setWorkflowId("echo-heartbeat").build());
    assertThat(echo.echo("quick")).isEqualTo("QUICK");

    var scheduled = env.getWorkflowClient().fetchHistory("echo-heartbeat").getEvents().stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .map(e -> e.getActivityTaskScheduledEventAttributes())
        .toList();
    assertThat(scheduled).singleElement().satisfies(a -> {
      assertThat(a.getActivityType().getName()).isEqualTo("Shout");
      assertThat(a.getHeartbeatTimeout().getSeconds()).isEqualTo(7);
      assertThat(a.getStartToCloseTimeout().getSeconds()).as("the workflow's own, unchanged").isEqualTo(10);
    });
  }

  @Test
  void a_disabled_runbook_is_not_registered_and_nothing_is_polled() throws Exception {
    worker = RunbookWorker.start(config("disabled-runbooks = [echo]"), env.getWorkflowClient(), List.of(ECHO));

    assertThat(worker.runbooks()).isEmpty();
    assertThat(worker.taskQueues()).isEmpty();
  }

  @Test
  void a_disabled_name_that_matches_no_runbook_is_reported() throws Exception {
    RunbookConfig config = config("disabled-runbooks = [ecko, echo]");
    assertThat(RunbookWorker.unknownDisabledRunbooks(config, List.of(ECHO))).containsExactly("ecko");
  }

  @Test
  void activities_that_two_runbooks_share_are_registered_once() throws Exception {
    RunbookModule second = RunbookModule.of("loud", List.of(), ctx -> List.of(new EchoActivitiesImpl()));
    worker = RunbookWorker.start(config(""), env.getWorkflowClient(), List.of(ECHO, second));

    assertThat(worker.taskQueues()).containsExactly(Map.entry("canton-runbooks", 1));
  }

  @Test
  void node_local_activities_are_polled_on_the_task_queue_of_their_nodes() throws Exception {
    RunbookModule backups =
        RunbookModule.of(
            "backups",
            List.of(),
            ctx -> List.of(),
            (nodes, ctx) -> List.of(new EchoActivitiesImpl()));
    RunbookConfig config =
        config(
            """
            nodes.participant1 { admin-api = "p1:2", ledger-api = "p1:1", task-queue = "next-to-participant1" }
            nodes.participant2 { admin-api = "p2:2", ledger-api = "p2:1", task-queue = "next-to-participant2" }
            worker.local-nodes = [participant1]
            """);
    worker = RunbookWorker.start(config, env.getWorkflowClient(), List.of(ECHO, backups));

    assertThat(worker.taskQueues())
        .containsExactly(Map.entry("canton-runbooks", 1), Map.entry("next-to-participant1", 1));
  }

  @Test
  void closing_the_worker_closes_what_the_runbooks_shared() throws Exception {
    var closed = new java.util.concurrent.atomic.AtomicInteger();
    AutoCloseable connections = closed::incrementAndGet;
    RunbookModule sharing = RunbookModule.of("sharing", List.of(), ctx -> {
      ctx.shared(AutoCloseable.class, () -> connections);
      return List.of(new EchoActivitiesImpl());
    });
    worker = RunbookWorker.start(config(""), env.getWorkflowClient(), List.of(ECHO, sharing));
    assertThat(closed).hasValue(0);

    worker.close();
    worker.close();

    assertThat(closed).as("closed once, when the worker stopped").hasValue(1);
  }

  @Test
  void the_table_of_contents_names_each_runbook_once() {
    var names = Runbooks.all().stream().map(RunbookModule::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }
}
