package io.cantonrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow whose worker is gone continues on another worker. The SDK's test server, which is what
 * {@code runbook dev-server} runs, sends a workflow's tasks to the sticky queue of the worker that ran
 * its last task and never moves them off it; with sticky execution off (the default) they go to
 * the task queue, where any live worker takes them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StickyExecutionTest {

  @WorkflowInterface
  public interface Waiting {
    @WorkflowMethod
    String waitForGo();

    @SignalMethod
    void go(String word);
  }

  public static class WaitingImpl implements Waiting {
    private String word;

    @Override
    public String waitForGo() {
      Workflow.await(() -> word != null);
      return word;
    }

    @Override
    public void go(String word) {
      this.word = word;
    }
  }

  static final RunbookModule WAITING = RunbookModule.of("waiting", List.of(WaitingImpl.class), ctx -> List.of());

  @TempDir Path tmp;
  final TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());

  @AfterEach
  void tearDown() {
    env.close();
  }

  private RunbookWorker worker(String identity) throws Exception {
    var config = RunbookConfigLoader.load(Optional.of(Files.writeString(tmp.resolve("worker.conf"), "")), Map.of(), List.of());
    WorkflowClient client = WorkflowClient.newInstance(env.getWorkflowServiceStubs(),
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).setIdentity(identity).build());
    return RunbookWorker.start(config, client, List.of(WAITING));
  }

  @Test
  void a_workflow_whose_worker_is_gone_continues_on_the_next_worker() throws Exception {
    RunbookWorker first = worker("first");
    Waiting waiting = env.getWorkflowClient().newWorkflowStub(Waiting.class,
        WorkflowOptions.newBuilder().setTaskQueue("canton-runbooks").setWorkflowId("waiting").build());
    WorkflowClient.start(waiting::waitForGo);
    // Once the first worker has run the first task, it is gone.
    while (env.getWorkflowClient().fetchHistory("waiting").getEvents().stream()
        .noneMatch(e -> e.hasWorkflowTaskCompletedEventAttributes())) {
      Thread.sleep(20);
    }
    first.close();

    try (RunbookWorker second = worker("second")) {
      waiting.go("went on");
      assertThat(WorkflowStub.fromTyped(waiting).getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("went on");
    }
  }
}
