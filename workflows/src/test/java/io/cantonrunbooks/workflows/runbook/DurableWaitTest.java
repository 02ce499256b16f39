package io.cantonrunbooks.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.workflows.testing.NoStickyTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DurableWait#await}: met, timed out, and quiet about the timer it cancels. */
class DurableWaitTest {

  @WorkflowInterface
  public interface WaitForRelease {
    /** Waits up to {@code timeout} for {@link #release}, then for {@link #finish}; returns whether the release came. */
    @WorkflowMethod
    boolean run(Duration timeout);

    @SignalMethod
    void release();

    @SignalMethod
    void finish();

    /** Null while the first wait runs, then its answer. */
    @QueryMethod
    Boolean released();
  }

  public static class WaitForReleaseImpl implements WaitForRelease {
    private boolean released;
    private boolean finished;
    private Boolean answer;

    @Override
    public boolean run(Duration timeout) {
      answer = DurableWait.await(timeout, "the release signal", () -> released);
      Workflow.await(() -> finished);
      return answer;
    }

    @Override
    public void release() {
      released = true;
    }

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public Boolean released() {
      return answer;
    }
  }

  private NoStickyTestEnvironment env;

  @BeforeEach
  void start() {
    env = new NoStickyTestEnvironment("wait", WaitForReleaseImpl.class);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private WaitForRelease stub(String id) {
    return env.client().newWorkflowStub(
        WaitForRelease.class, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("wait").build());
  }

  @Test
  void a_condition_met_before_the_timeout_cancels_the_timer_without_a_warning_when_the_worker_replays_it()
      throws InterruptedException {
    WaitForRelease wf = stub("released");
    WorkflowClient.start(wf::run, Duration.ofHours(1));
    WaitForRelease running = env.client().newWorkflowStub(WaitForRelease.class, "released");
    running.release();
    for (int i = 0; i < 200 && running.released() == null; i++) {
      Thread.sleep(20);
    }
    assertThat(running.released()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(running.released()).as("each query replays the workflow").isTrue();
    }

    assertThat(env.unreadFailureWarnings()).isEmpty();
  }

  @Test
  void the_timeout_passing_first_answers_false() {
    WaitForRelease wf = stub("timed-out");
    WorkflowClient.start(wf::run, Duration.ofMinutes(5));
    WaitForRelease running = env.client().newWorkflowStub(WaitForRelease.class, "timed-out");
    env.sleep(Duration.ofMinutes(6));
    running.finish();
    assertThat(WorkflowStub.fromTyped(wf).getResult(Boolean.class)).isFalse();
  }
}
